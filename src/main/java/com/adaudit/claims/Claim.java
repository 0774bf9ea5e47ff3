package com.adaudit.claims;

import java.math.BigDecimal;

/** A compensation claim (docs/reference.md "Claims"); a revision replaces earlier ones of its {@code claimId}. */
public record Claim(
        String claimId,
        int revision,
        String contractId,
        long contractVersion,
        String vendor,
        String campaignId,
        String sourceId,
        ClaimKind kind,
        String[] reasons,
        long windowStart,
        long windowEnd,
        long basisMicros,
        BigDecimal multiplier,
        long amountMicros,
        String currency,
        ClaimEvidence evidence) {}
