package com.adaudit.rules;

import java.math.BigDecimal;

/**
 * IMPRESSION_GAP's figures of a report period: the report in force and what was measured.
 *
 * @param reportTs the report's {@code ts}, which orders the reports of a period
 * @param deliveryRatio measured / reported, rounded for display; {@code null} when nothing was reported
 */
public record ReportFigures(
        String reportId,
        long reportTs,
        long reportedImpressions,
        long measuredImpressions,
        long costMicros,
        BigDecimal deliveryRatio) {}
