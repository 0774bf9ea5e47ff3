package com.adaudit.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Origin;
import com.adaudit.events.RawRecord;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class ContractUpdateValidatorTest {

    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));
    private static final Contract OTHER = Records.contract(ContractJson.contract("L", 1, "[\"c-7\"]", "PT1H", ""));

    private static KeyedOneInputStreamOperatorTestHarness<Integer, RawRecord, Contract> harness(
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<Integer, RawRecord, Contract>(
                        new KeyedProcessOperator<>(
                                new ContractUpdateValidator(ContractBook.of(List.of(Records.K, OTHER)), DEAD)),
                        r -> 0,
                        Types.INT),
                restore);
    }

    private static RawRecord raw(String json, long offset) {
        return new RawRecord(json.getBytes(StandardCharsets.UTF_8), Origin.ofKafka("contracts", 0, offset));
    }

    private static String reasonOf(KeyedOneInputStreamOperatorTestHarness<Integer, RawRecord, Contract> h) {
        return h.getSideOutput(DEAD).poll().getValue().reason();
    }

    @Test
    void passesANewerVersionAndRejectsStaleInvalidOrConflictingOnes() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(raw(ContractJson.contract("K", 2, "[\"c-42\"]", "PT1H", ""), 1), 0);
            assertEquals(2, h.extractOutputValues().get(0).version());
            h.processElement(raw(ContractJson.contract("K", 2, "[\"c-42\"]", "PT1H", ""), 2), 0);
            assertTrue(reasonOf(h).contains("contract K: field version: stale"));
            h.processElement(
                    raw(
                            ContractJson.contractK("\"underpriced_source\":{\"max_discount\":2}")
                                    .replace("\"version\":1", "\"version\":3"),
                            3),
                    0);
            assertTrue(reasonOf(h).contains("contract K: field rules.underpriced_source.max_discount"));
            h.processElement(raw(ContractJson.contract("L", 2, "[\"c-42\"]", "PT1H", ""), 4), 0);
            assertTrue(reasonOf(h).contains("campaign c-42 is already governed by contract K"));
            h.processElement(raw("{not json", 5), 0);
            DeadLetter d = h.getSideOutput(DEAD).poll().getValue();
            assertEquals("contracts", d.stream());
            assertEquals(5L, d.origin().offset());
            assertEquals(1, h.extractOutputValues().size());
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            h.processElement(raw(ContractJson.contract("K", 2, "[\"c-42\"]", "PT1H", ""), 6), 0);
            assertTrue(reasonOf(h).contains("stale"), "the applied version 2 was restored");
        }
    }
}
