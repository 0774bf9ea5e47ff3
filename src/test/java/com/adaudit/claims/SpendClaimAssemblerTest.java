package com.adaudit.claims;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.contracts.Rule;
import com.adaudit.rules.Flag;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Verdicts;
import java.math.BigDecimal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class SpendClaimAssemblerTest {

    private static final long SETTLES = T0 + HOUR + 30 * 60_000 - 1;

    private static KeyedOneInputStreamOperatorTestHarness<WindowKey, Flag, Claim> harness(OperatorSubtaskState restore)
            throws Exception {
        return Harnesses.open(
                new KeyedOneInputStreamOperatorTestHarness<WindowKey, Flag, Claim>(
                        new KeyedProcessOperator<>(new SpendClaimAssembler()),
                        f -> WindowKey.of(f.verdict()),
                        TypeInformation.of(WindowKey.class)),
                restore);
    }

    private static Flag flag(Rule rule, String multiplier) {
        WindowVerdict v = Verdicts.spend(rule, Status.BREACH, T0, 1, multiplier, SETTLES);
        return Flag.of(v);
    }

    @Test
    void oneClaimForBothRulesWithTheLargerMultiplier() throws Exception {
        try (var h = harness(null)) {
            h.processElement(flag(Rule.UNDERPRICED_SOURCE, "1.0"), T0 + HOUR - 1);
            h.processWatermark(SETTLES - 1);
            assertEquals(0, h.extractOutputValues().size(), "waits for the bounce rule to decide");
            h.processElement(flag(Rule.HIGH_BOUNCE_RATE, "2.0"), SETTLES);
            h.processWatermark(SETTLES);
            Claim claim = h.extractOutputValues().get(0);
            assertEquals(1, h.extractOutputValues().size());
            assertArrayEquals(new String[] {"HIGH_BOUNCE_RATE", "UNDERPRICED_SOURCE"}, claim.reasons());
            assertEquals(new BigDecimal("2.0"), claim.multiplier());
            assertEquals(26_000_000, claim.basisMicros());
            assertEquals(52_000_000, claim.amountMicros());
            assertEquals(ClaimIds.claimId("K", ClaimKind.SPEND, "c-42", "s1", T0, T0 + HOUR), claim.claimId());
            assertEquals(1, claim.revision());
            assertEquals(2, claim.flagIds().length);
            assertEquals(0, h.numKeyedStateEntries(), "state cleared");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void keepsFlagsAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(null)) {
            h.processElement(flag(Rule.UNDERPRICED_SOURCE, "1.0"), T0 + HOUR - 1);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(snapshot)) {
            h.processWatermark(SETTLES);
            Claim claim = h.extractOutputValues().get(0);
            assertArrayEquals(new String[] {"UNDERPRICED_SOURCE"}, claim.reasons());
            assertEquals(26_000_000, claim.amountMicros());
        }
    }
}
