package com.adaudit.claims;

import com.adaudit.testing.Harnesses;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.rules.Flag;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.testing.Verdicts;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class ImpressionClaimIssuerTest {

    private static final OutputTag<Flag> REVISED = new OutputTag<>("revised", TypeInformation.of(Flag.class));

    private static KeyedOneInputStreamOperatorTestHarness<WindowKey, GapSignal, Claim> harness(
            OperatorSubtaskState restore) throws Exception {
        return Harnesses.open(new KeyedOneInputStreamOperatorTestHarness<WindowKey, GapSignal, Claim>(
                new KeyedProcessOperator<>(new ImpressionClaimIssuer(REVISED)), s -> WindowKey.of(s.verdict()),
                TypeInformation.of(WindowKey.class)), restore);
    }

    private static GapSignal qualified(WindowVerdict v) {
        return GapSignal.of(new Flag(ClaimIds.flagId(v), v));
    }

    @Test
    void issuesThenRevisesWithTheSameClaimId() throws Exception {
        try (var h = harness(null)) {
            // SPEC.md: 20000 reported, 15000 measured at 40000000, then corrected to 16000 at 32000000
            h.processElement(qualified(Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000, false)),
                    at(1, 5));
            h.processElement(GapSignal.of(Verdicts.gap("r2", Status.PASS, T0, 16_000, 15_000, 32_000_000, true)),
                    at(2, 0));
            h.processWatermark(at(1, 5));
            assertEquals(List.of(10_000_000L), amounts(h));
            h.processWatermark(at(2, 0));
            List<Claim> claims = h.extractOutputValues();
            assertEquals(List.of(10_000_000L, 0L), amounts(h));
            assertEquals(claims.get(0).claimId(), claims.get(1).claimId());
            assertEquals(List.of(1, 2), claims.stream().map(Claim::revision).toList());
            assertEquals(0, h.getSideOutput(REVISED) == null ? 0 : h.getSideOutput(REVISED).size(),
                    "a replacement that no longer breaches is not flagged");
        }
    }

    @Test
    void aBreachingReplacementIsFlaggedAndRevisesTheAmount() throws Exception {
        try (var h = harness(null)) {
            h.processElement(qualified(Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000, false)),
                    at(1, 5));
            h.processElement(GapSignal.of(Verdicts.gap("r2", Status.BREACH, T0, 18_000, 15_000, 36_000_000, true)),
                    at(2, 0));
            h.processWatermark(at(2, 0));
            assertEquals(List.of(10_000_000L, 6_000_000L), amounts(h));
            assertEquals(1, h.getSideOutput(REVISED).size());
            assertEquals(2, h.extractOutputValues().get(1).evidence().flagIds().length);
        }
    }

    @Test
    void aReplacementCanClaimAPeriodItsFirstReportDidNot() throws Exception {
        try (var h = harness(null)) {
            h.processElement(GapSignal.of(Verdicts.gap("r2", Status.BREACH, T0, 20_000, 15_000, 40_000_000, true)),
                    at(2, 0));
            h.processWatermark(at(2, 0));
            assertEquals(List.of(10_000_000L), amounts(h));
            assertEquals(1, h.extractOutputValues().get(0).revision());
        }
    }

    @Test
    void forgetsThePeriodWhenItsGraceIsOver() throws Exception {
        try (var h = harness(null)) {
            WindowVerdict v = Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000, false);
            h.processElement(qualified(v), at(1, 5));
            h.processWatermark(v.settlesAt());
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void revisesAClaimIssuedBeforeARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(qualified(Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000, false)),
                    at(1, 5));
            h.processWatermark(at(1, 5));
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            h.processElement(GapSignal.of(Verdicts.gap("r2", Status.PASS, T0, 16_000, 15_000, 32_000_000, true)),
                    at(2, 0));
            h.processWatermark(at(2, 0));
            assertEquals(2, h.extractOutputValues().get(0).revision());
        }
    }

    private static List<Long> amounts(KeyedOneInputStreamOperatorTestHarness<WindowKey, GapSignal, Claim> h) {
        return h.extractOutputValues().stream().map(Claim::amountMicros).toList();
    }

}
