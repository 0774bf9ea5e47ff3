package com.adaudit.rules.ivt;

/** An accepted click of a contract with INVALID_TRAFFIC, in its window, with its GIVT category. */
public record ClassifiedClick(
        String clickId,
        String contractId,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        String currency,
        long costMicros,
        GivtCategory category) {}
