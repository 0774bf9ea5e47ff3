package com.adaudit.rules;

import java.math.BigDecimal;

/**
 * INVALID_TRAFFIC's figures of a source window: all accepted clicks and their spend, the invalid
 * ones (general invalid traffic) by category and their spend.
 *
 * @param ivtRate invalid / all clicks, rounded for display
 */
public record IvtFigures(
        long clicks,
        long spendMicros,
        long invalidClicks,
        long invalidSpendMicros,
        long botUserAgent,
        long datacenterIp,
        long duplicateClick,
        BigDecimal ivtRate) {}
