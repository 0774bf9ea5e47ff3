package com.adaudit.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void spendTimesMultiplierRoundsHalfUpOnce() {
        assertEquals(52_000_000, Money.spendAmount(26_000_000, new BigDecimal("2.0")));
        assertEquals(2, Money.spendAmount(1, new BigDecimal("1.5")), "1.5 rounds up");
        assertEquals(1, Money.spendAmount(1, new BigDecimal("1.49")));
        assertEquals(1_500_002, Money.spendAmount(1_000_001, new BigDecimal("1.5")));
    }

    @Test
    void impressionAmountsOfSpecWorkedExamples() {
        assertEquals(10_000_000, Money.impressionAmount(40_000_000, 20_000, 15_000, new BigDecimal("1.0")));
        assertEquals(6_000_000, Money.impressionAmount(36_000_000, 18_000, 15_000, new BigDecimal("1.0")));
    }

    @Test
    void impressionAmountRoundsOnlyAtTheEnd() {
        // 10 * 1 / 3 * 1.5 = 5 exactly; rounding 10/3 first would give 4.5 -> 5 or 3 * 1.5 = 4.5 -> 5 / 4
        assertEquals(5, Money.impressionAmount(10, 3, 2, new BigDecimal("1.5")));
        // 1 * 1 / 2 = 0.5 -> 1 (half-up)
        assertEquals(1, Money.impressionAmount(1, 2, 1, BigDecimal.ONE));
        // 1 * 1 / 3 = 0.333 -> 0
        assertEquals(0, Money.impressionAmount(1, 3, 2, BigDecimal.ONE));
    }

    @Test
    void claimIdsAreAFunctionOfTheirFields() {
        String a = ClaimIds.claimId("K", ClaimKind.SPEND, "c", "s", 1, 2);
        assertEquals(a, ClaimIds.claimId("K", ClaimKind.SPEND, "c", "s", 1, 2));
        assertEquals(36, a.length());
        assertEquals(false, a.equals(ClaimIds.claimId("K", ClaimKind.IMPRESSIONS, "c", "s", 1, 2)));
        assertEquals(false, a.equals(ClaimIds.claimId("K", ClaimKind.SPEND, "c", "s", 1, 3)));
    }
}
