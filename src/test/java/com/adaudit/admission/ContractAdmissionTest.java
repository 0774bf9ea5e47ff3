package com.adaudit.admission;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.RuleBits;
import com.adaudit.events.Click;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.Decoded;
import com.adaudit.events.Governance;
import com.adaudit.events.Origin;
import com.adaudit.events.StreamKind;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class ContractAdmissionTest {

    private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));
    private static final Origin ORIGIN = Origin.ofKafka("clicks", 3, 42L);

    private static BroadcastOperatorTestHarness<Decoded<Click>, Contract, Click> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.open(
                new BroadcastOperatorTestHarness<Decoded<Click>, Contract, Click>(
                        new CoBroadcastWithNonKeyedOperator<>(
                                new ContractAdmission<>(
                                        StreamKind.CLICKS,
                                        Governor.CLICKS,
                                        new LiveContracts(ContractBook.of(List.of(Records.K))),
                                        DEAD),
                                List.of(LiveContracts.UPDATES)),
                        1,
                        1,
                        0),
                restore);
    }

    private static Decoded<Click> click(String campaign, String currency) {
        return Decoded.accepted(new Click("k", at(0, 10), campaign, "s1", 5, currency, null, null, null), ORIGIN);
    }

    @Test
    void stampsTheContractWindowAndWhenTheClickIsLateAndDecided() throws Exception {
        try (var h = harness(null)) {
            h.processElement(click("c-42", "CNY"), at(0, 10));
            Governance g = h.extractOutputValues().get(0).governance();
            assertEquals(
                    new Governance(
                            "K",
                            1,
                            T0,
                            T0 + HOUR,
                            T0 + HOUR - 1,
                            T0 + HOUR + 30 * 60_000 - 1,
                            RuleBits.UNDERPRICED | RuleBits.BOUNCE),
                    g);
        }
    }

    @Test
    void anUngovernedCampaignIsCountedButFeedsNoRule() throws Exception {
        try (var h = harness(null)) {
            h.processElement(click("c-99", "USD"), at(0, 10));
            Governance g = h.extractOutputValues().get(0).governance();
            assertNull(g.contractId());
            assertEquals(0, g.rules());
        }
    }

    @Test
    void rejectsAnotherCurrencyThanTheContracts() throws Exception {
        try (var h = harness(null)) {
            h.processElement(click("c-42", "EUR"), at(0, 10));
            assertEquals(0, h.extractOutputValues().size());
            DeadLetter d = h.getSideOutput(DEAD).poll().getValue();
            assertEquals("currency_mismatch: EUR, but contract K is in CNY", d.reason());
            assertEquals(ORIGIN, d.origin());
        }
    }

    @Test
    void aContractUpdateAppliesFromItsArrivalOnAndSurvivesARestore() throws Exception {
        Contract v2 = Records.contract(ContractJson.contract("K", 2, "[\"c-42\"]", "PT2H", ContractJson.UNDERPRICED_K));
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(click("c-42", "CNY"), at(0, 10));
            h.processBroadcastElement(v2, at(0, 11));
            h.processElement(click("c-42", "CNY"), at(0, 12));
            List<Click> out = h.extractOutputValues();
            assertEquals(1, out.get(0).governance().contractVersion());
            assertEquals(2, out.get(1).governance().contractVersion());
            assertEquals(T0 + 2 * HOUR, out.get(1).governance().windowEnd(), "version 2 has two-hour windows");
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            h.processElement(click("c-42", "CNY"), at(0, 13));
            assertEquals(2, h.extractOutputValues().get(0).governance().contractVersion());
        }
    }
}
