package com.adaudit.rules;

import com.adaudit.contracts.Rule;
import java.math.BigDecimal;

/**
 * One rule's result for one window (or report period) of a source, with the contract terms in
 * force and the rule's own figures, which make the evidence: {@code price} for
 * UNDERPRICED_SOURCE, {@code bounce} for HIGH_BOUNCE_RATE, {@code report} for IMPRESSION_GAP,
 * {@code ivt} for INVALID_TRAFFIC, the others {@code null}. This low-rate stream is what the run stage gathers into runs.
 *
 * @param observed the figure compared with {@code threshold}, rounded for display
 * @param settlesAt for spend rules: when every spend rule has decided the window, so its one
 *     claim can be issued; for IMPRESSION_GAP: the end of the report grace, after which no
 *     replacement report can revise the period
 */
public record WindowVerdict(
        Rule rule,
        Status status,
        RuleTerms terms,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        BigDecimal observed,
        BigDecimal threshold,
        long sampleSize,
        long settlesAt,
        PriceFigures price,
        BounceFigures bounce,
        ReportFigures report,
        IvtFigures ivt) {

    public boolean isBreach() {
        return status == Status.BREACH;
    }

    /** This verdict without its terms and evidence: the rule, the outcome and the window. */
    WindowVerdict outcomeOnly() {
        return new WindowVerdict(
                rule,
                status,
                null,
                null,
                null,
                windowStart,
                windowEnd,
                null,
                null,
                0,
                settlesAt,
                null,
                null,
                null,
                null);
    }

    public String contractId() {
        return terms.contractId();
    }

    public long contractVersion() {
        return terms.contractVersion();
    }

    public String vendor() {
        return terms.vendor();
    }

    public String currency() {
        return terms.currency();
    }

    public int consecutiveWindows() {
        return terms.consecutiveWindows();
    }

    public BigDecimal multiplier() {
        return terms.multiplier();
    }

    /** The window's click spend. */
    public long spendMicros() {
        return price != null
                ? price.spendMicros()
                : bounce != null ? bounce.spendMicros() : ivt != null ? ivt.spendMicros() : 0;
    }

    /** The window's accepted clicks. */
    public long clicks() {
        return price != null ? price.clicks() : bounce != null ? bounce.clicks() : ivt != null ? ivt.clicks() : 0;
    }

    /** What a spend claim refunds for this rule: the whole spend, or for INVALID_TRAFFIC the invalid spend. */
    public long basisMicros() {
        return ivt != null ? ivt.invalidSpendMicros() : spendMicros();
    }

    /** IMPRESSION_GAP: the report in force, else {@code null}. */
    public String reportId() {
        return report == null ? null : report.reportId();
    }

    /** IMPRESSION_GAP: the report's {@code ts}, else 0. */
    public long reportTs() {
        return report == null ? 0 : report.reportTs();
    }
}
