package com.adaudit.claims;

import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.rules.PeriodRevision;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.testing.Verdicts;
import org.junit.jupiter.api.Test;

class ImpressionClaimIssuerTest {

    // docs/reference.md: 20000 reported, 15000 measured at 40000000; corrected to 16000 at 32000000 or 18000 at
    // 36000000
    private static final WindowVerdict FIRST = Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000);
    private static final WindowVerdict PASSING = Verdicts.gap("r2", Status.PASS, T0, 16_000, 15_000, 32_000_000);
    private static final WindowVerdict STILL_SHORT = Verdicts.gap("r2", Status.BREACH, T0, 18_000, 15_000, 36_000_000);

    @Test
    void aFirstRevisionClaimsTheUnmeasuredShareOfTheCost() {
        Claim claim = ImpressionClaimIssuer.claim(new PeriodRevision(FIRST, null, 1, new String[] {"flg-1"}));
        assertEquals(10_000_000L, claim.amountMicros());
        assertEquals(1, claim.revision());
        assertEquals(40_000_000L, claim.basisMicros());
        assertArrayEquals(new String[] {"IMPRESSION_GAP"}, claim.reasons());
        assertEquals("r1", claim.impressionEvidence().report().reportId());
    }

    @Test
    void revisionsKeepTheClaimIdAndTakeTheAmountOfTheReportInForce() {
        Claim first = ImpressionClaimIssuer.claim(new PeriodRevision(FIRST, null, 1, new String[] {"flg-1"}));
        Claim withdrawn = ImpressionClaimIssuer.claim(new PeriodRevision(PASSING, FIRST, 2, new String[] {"flg-1"}));
        Claim revised =
                ImpressionClaimIssuer.claim(new PeriodRevision(STILL_SHORT, FIRST, 2, new String[] {"flg-1", "flg-2"}));
        assertEquals(first.claimId(), withdrawn.claimId());
        assertEquals(first.claimId(), revised.claimId());
        assertEquals(0L, withdrawn.amountMicros(), "15000 / 16000 is not < 0.90");
        assertEquals(6_000_000L, revised.amountMicros());
        assertEquals(2, revised.revision());
        assertEquals(2, revised.flagIds().length);
    }
}
