package com.adaudit.rules.gap;

/** Impressions measured for one source in one contract window. */
public record ImpressionTally(
        String contractId, String campaignId, String sourceId, long windowStart, long windowEnd, long impressions) {}
