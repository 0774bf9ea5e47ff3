package com.adaudit.admission;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.MINUTE;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.RuleBits;
import com.adaudit.events.Governance;
import com.adaudit.events.PageView;
import com.adaudit.events.VendorReport;
import com.adaudit.testing.Records;
import org.junit.jupiter.api.Test;

/** The deadlines and contract checks of docs/reference.md's lateness and rejection rules, stream by stream. */
class GovernorTest {

    private static final long GRACE = 48 * HOUR;
    private static final Governor<VendorReport> REPORTS = Governor.vendorReports(7 * 24 * HOUR);

    private static VendorReport report(long ts, long start, long end, String currency) {
        return new VendorReport("r", ts, "c-42", "s3", start, end, 2000, 1000, currency, null, null);
    }

    @Test
    void aPageviewIsLateOnceTheEarliestWindowItsClickCanBeInIsFinal() {
        // at 11:10 its click can be from 10:40 on: the 10:00 window's bounce result is final at 11:30
        Governance g = Governor.PAGEVIEWS
                .govern(new PageView("p", at(1, 10), "k", "c-42", "s1", null), Records.K)
                .governance();
        assertEquals(at(1, 30) - 1, g.lateAt());
        assertEquals(at(2, 30) - 1, g.dueAt(), "a click of the 11:00 window can still come until 12:30");
        assertEquals(RuleBits.BOUNCE, g.rules());
        // at 11:40 every click it can belong to is in the 11:00 window
        assertEquals(
                at(2, 30) - 1,
                Governor.PAGEVIEWS
                        .govern(new PageView("p", at(1, 40), "k", "c-42", "s1", null), Records.K)
                        .governance()
                        .lateAt());
    }

    @Test
    void aCampaignWithoutAContractUsesTheDefaults() {
        Governance g = Governor.PAGEVIEWS
                .govern(new PageView("p", at(1, 10), "k", "c-99", "s1", null), null)
                .governance();
        assertNull(g.contractId());
        assertEquals(0, g.rules());
        assertEquals(at(1, 30) - 1, g.lateAt(), "PT1H windows and a PT30M session timeout");
    }

    @Test
    void aReportIsEvaluatedAfterItsPeriodAndLateBeyondTheGrace() {
        VendorReport onTime = report(T0 + HOUR + GRACE, T0, T0 + HOUR, "CNY");
        assertNull(REPORTS.rejection(onTime, Records.K));
        Governance g = REPORTS.govern(onTime, Records.K).governance();
        assertEquals(onTime.ts(), g.dueAt());
        assertEquals(onTime.ts(), g.lateAt());
        assertEquals(
                T0 + HOUR - 1,
                REPORTS.govern(report(T0 + 10 * MINUTE, T0, T0 + HOUR, "CNY"), Records.K)
                        .governance()
                        .dueAt(),
                "a report sent before its period ends waits for the period");
        Governance beyond = REPORTS.govern(report(T0 + HOUR + GRACE + 1, T0, T0 + HOUR, "CNY"), Records.K)
                .governance();
        assertEquals(T0 + HOUR + GRACE, beyond.lateAt(), "the end of the grace");
        assertTrue(
                beyond.isLate(T0 + HOUR + GRACE + 1, Long.MIN_VALUE),
                "one millisecond beyond the grace is late whatever the watermark");
        assertFalse(g.isLate(onTime.ts(), onTime.ts() - 1));
    }

    @Test
    void rejectsAReportInAnotherCurrencyMisalignedOrTooLong() {
        assertTrue(
                REPORTS.rejection(report(T0, T0, T0 + HOUR, "EUR"), Records.K).startsWith("currency_mismatch"));
        assertTrue(REPORTS.rejection(report(T0, T0, T0 + HOUR + 1, "CNY"), Records.K)
                .startsWith("period_not_aligned"));
        assertTrue(REPORTS.rejection(report(T0, T0, T0 + 8 * 24 * HOUR, "CNY"), Records.K)
                .startsWith("period_too_long"));
        assertNull(
                REPORTS.rejection(report(T0, T0 + 1, T0 + HOUR, "EUR"), null),
                "without a contract there is no currency or window to check");
    }
}
