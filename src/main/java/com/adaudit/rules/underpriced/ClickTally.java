package com.adaudit.rules.underpriced;

/** Clicks and their spend for one source in one contract window. */
public record ClickTally(
        String contractId,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        long clicks,
        long spendMicros) {}
