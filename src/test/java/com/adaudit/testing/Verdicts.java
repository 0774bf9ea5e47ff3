package com.adaudit.testing;

import com.adaudit.contracts.Rule;
import com.adaudit.rules.BounceFigures;
import com.adaudit.rules.PriceFigures;
import com.adaudit.rules.ReportFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;

/** Window verdicts for the run and claim operators' tests. */
public final class Verdicts {

    private Verdicts() {}

    /** A spend-rule verdict of source s1 for the hour starting {@code windowStart}, settling at {@code settlesAt}. */
    public static WindowVerdict spend(
            Rule rule, Status status, long windowStart, int k, String multiplier, long settlesAt) {
        return new WindowVerdict(
                rule,
                status,
                terms(k, multiplier),
                "c-42",
                "s1",
                windowStart,
                windowStart + Instants.HOUR,
                new BigDecimal("0.75"),
                new BigDecimal("0.70"),
                36,
                settlesAt,
                rule == Rule.UNDERPRICED_SOURCE
                        ? new PriceFigures(40, 26_000_000, new BigDecimal("650000"), new BigDecimal("1000000"))
                        : null,
                rule == Rule.HIGH_BOUNCE_RATE
                        ? new BounceFigures(40, 26_000_000, 36, 27, 4, new BigDecimal("0.75"))
                        : null,
                null,
                null);
    }

    /** As {@link #spend}, for a window of {@code minutes} minutes. */
    public static WindowVerdict spend(Rule rule, Status status, long windowStart, long minutes, int k) {
        WindowVerdict v = spend(rule, status, windowStart, k, "2.0", 0);
        return new WindowVerdict(
                v.rule(),
                v.status(),
                v.terms(),
                v.campaignId(),
                v.sourceId(),
                windowStart,
                windowStart + minutes * Instants.MINUTE,
                v.observed(),
                v.threshold(),
                v.sampleSize(),
                v.settlesAt(),
                v.price(),
                v.bounce(),
                v.report(),
                null);
    }

    /** An IMPRESSION_GAP verdict of source s3 for the hour starting {@code periodStart}. */
    public static WindowVerdict gap(
            String reportId, Status status, long periodStart, long reported, long measured, long cost) {
        return gap(reportId, status, periodStart, reported, measured, cost, 1);
    }

    /** As {@link #gap(String, Status, long, long, long, long)}, for a report of {@code k} = consecutive_windows. */
    public static WindowVerdict gap(
            String reportId, Status status, long periodStart, long reported, long measured, long cost, int k) {
        return new WindowVerdict(
                Rule.IMPRESSION_GAP,
                status,
                terms(k, "1.0"),
                "c-42",
                "s3",
                periodStart,
                periodStart + Instants.HOUR,
                BigDecimal.ONE,
                new BigDecimal("0.90"),
                reported,
                periodStart + Instants.HOUR + 48 * Instants.HOUR,
                null,
                null,
                new ReportFigures(reportId, periodStart + Instants.HOUR, reported, measured, cost, BigDecimal.ONE),
                null);
    }

    private static RuleTerms terms(int k, String multiplier) {
        return new RuleTerms("K", 1, "Vendor K", "CNY", k, new BigDecimal(multiplier));
    }
}
