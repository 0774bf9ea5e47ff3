package com.adaudit.rules;

import java.math.BigDecimal;

/**
 * One rule's result for one window (or report period) of a source, with the contract terms in
 * force and the figures that make the evidence. This low-rate stream is what the run stage
 * gathers into runs. Figures a rule does not use are 0 / {@code null}.
 *
 * @param settlesAt for spend rules: when every spend rule has decided the window, so its one
 *     claim can be issued; for IMPRESSION_GAP: the end of the report grace, after which no
 *     replacement report can revise the period
 * @param reportTs IMPRESSION_GAP only: the report's {@code ts}, which orders the reports of a period
 */
public record WindowVerdict(
        Rule rule,
        Status status,
        String contractId,
        long contractVersion,
        String vendor,
        String currency,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        BigDecimal observed,
        BigDecimal threshold,
        long sampleSize,
        int consecutiveWindows,
        BigDecimal multiplier,
        long settlesAt,
        long clicks,
        long spendMicros,
        BigDecimal avgCpcMicros,
        BigDecimal marketCpcMicros,
        long landed,
        long bounced,
        long unlanded,
        String reportId,
        long reportedImpressions,
        long measuredImpressions,
        long reportCostMicros,
        long reportTs) {

    public boolean isBreach() {
        return status == Status.BREACH;
    }
}
