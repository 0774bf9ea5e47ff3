package com.adaudit.claims;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.contracts.Rule;
import com.adaudit.rules.Flag;
import com.adaudit.rules.IvtFigures;
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

    /** An INVALID_TRAFFIC breach of the same window: 10 of its 40 clicks invalid, 6500000 of the spend. */
    private static Flag ivtFlag(String multiplier) {
        WindowVerdict v = Verdicts.spend(Rule.UNDERPRICED_SOURCE, Status.BREACH, T0, 1, multiplier, SETTLES);
        return Flag.of(new WindowVerdict(
                Rule.INVALID_TRAFFIC,
                Status.BREACH,
                v.terms(),
                v.campaignId(),
                v.sourceId(),
                v.windowStart(),
                v.windowEnd(),
                new BigDecimal("0.25"),
                new BigDecimal("0.10"),
                40,
                SETTLES,
                null,
                null,
                null,
                new IvtFigures(40, 26_000_000, 10, 6_500_000, 6, 3, 1, new BigDecimal("0.25"))));
    }

    @Test
    void theLargestBasisTimesMultiplierWinsWithThatRulesBasis() throws Exception {
        // underpriced: 26000000 x 1.0; invalid traffic: 6500000 x 2.0 = 13000000 -> the spend claim of 26000000
        Claim spend = SpendClaimAssembler.claim(
                new java.util.ArrayList<>(java.util.List.of(ivtFlag("2.0"), flag(Rule.UNDERPRICED_SOURCE, "1.0"))));
        assertArrayEquals(new String[] {"INVALID_TRAFFIC", "UNDERPRICED_SOURCE"}, spend.reasons());
        assertEquals(26_000_000, spend.basisMicros());
        assertEquals(new BigDecimal("1.0"), spend.multiplier());
        assertEquals(26_000_000, spend.amountMicros());
        assertEquals(10, spend.spendEvidence().ivt().invalidClicks());
        // invalid traffic x 5.0 = 32500000 beats the whole spend x 1.0
        Claim ivt = SpendClaimAssembler.claim(
                new java.util.ArrayList<>(java.util.List.of(ivtFlag("5.0"), flag(Rule.UNDERPRICED_SOURCE, "1.0"))));
        assertEquals(6_500_000, ivt.basisMicros());
        assertEquals(new BigDecimal("5.0"), ivt.multiplier());
        assertEquals(32_500_000, ivt.amountMicros());
        // a tie (6500000 x 4.0 = 26000000 x 1.0) takes the larger multiplier
        Claim tie = SpendClaimAssembler.claim(
                new java.util.ArrayList<>(java.util.List.of(ivtFlag("4.0"), flag(Rule.UNDERPRICED_SOURCE, "1.0"))));
        assertEquals(new BigDecimal("4.0"), tie.multiplier());
        assertEquals(26_000_000, tie.amountMicros());
    }
}
