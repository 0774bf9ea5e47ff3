package com.adaudit.rules.bounce;

/** Sessions of one source's clicks in one contract window, and those clicks' spend. */
public record BounceTally(
        String contractId,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        long clicks,
        long spendMicros,
        long landed,
        long bounced) {}
