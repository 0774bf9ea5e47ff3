package com.adaudit.contracts;

import java.math.BigDecimal;

/** IMPRESSION_GAP terms. */
public record GapTerms(
        BigDecimal minDeliveryRatio,
        long minReportedImpressions,
        long reportGraceMillis,
        int consecutiveWindows,
        BigDecimal multiplier)
        implements java.io.Serializable {}
