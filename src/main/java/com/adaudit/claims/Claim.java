package com.adaudit.claims;

import java.math.BigDecimal;

/**
 * A compensation claim (docs/reference.md "Claims"); a revision replaces earlier ones of its
 * {@code claimId}. Its evidence is of its kind: {@code spendEvidence} for SPEND,
 * {@code impressionEvidence} for IMPRESSIONS, the other {@code null}.
 */
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
        SpendEvidence spendEvidence,
        ImpressionEvidence impressionEvidence) {

    /** The flags the claim rests on, sorted. */
    public String[] flagIds() {
        return spendEvidence != null ? spendEvidence.flagIds() : impressionEvidence.flagIds();
    }
}
