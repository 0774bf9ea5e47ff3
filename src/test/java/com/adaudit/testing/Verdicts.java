package com.adaudit.testing;

import com.adaudit.rules.Rule;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;

/** Window verdicts for the run and claim operators' tests. */
public final class Verdicts {

    private Verdicts() {}

    /** A spend-rule verdict of source s1 for the hour starting {@code windowStart}, settling at {@code settlesAt}. */
    public static WindowVerdict spend(Rule rule, Status status, long windowStart, int k, String multiplier,
            long settlesAt) {
        return new WindowVerdict(rule, status, "K", 1, "Vendor K", "CNY", "c-42", "s1", windowStart,
                windowStart + Instants.HOUR, new BigDecimal("0.75"), new BigDecimal("0.70"), 36, k,
                new BigDecimal(multiplier), settlesAt, 40, 26_000_000, new BigDecimal("650000"),
                new BigDecimal("1000000"), 36, 27, 4, null, 0, 0, 0, 0);
    }

    /** An IMPRESSION_GAP verdict of source s3 for the hour starting {@code periodStart}. */
    public static WindowVerdict gap(String reportId, Status status, long periodStart, long reported, long measured,
            long cost) {
        return gap(reportId, status, periodStart, reported, measured, cost, 1);
    }

    /** As {@link #gap(String, Status, long, long, long, long)}, for a report of {@code k} = consecutive_windows. */
    public static WindowVerdict gap(String reportId, Status status, long periodStart, long reported, long measured,
            long cost, int k) {
        return new WindowVerdict(Rule.IMPRESSION_GAP, status, "K", 1, "Vendor K", "CNY", "c-42", "s3", periodStart,
                periodStart + Instants.HOUR, BigDecimal.ONE, new BigDecimal("0.90"), reported, k, new BigDecimal("1.0"),
                periodStart + Instants.HOUR + 48 * Instants.HOUR, 0, 0, null, null, 0, 0, 0,
                reportId, reported, measured, cost, periodStart + Instants.HOUR);
    }
}
