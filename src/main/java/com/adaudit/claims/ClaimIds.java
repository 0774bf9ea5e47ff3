package com.adaudit.claims;

import com.adaudit.ids.StableIds;

/** Claim ids (docs/reference.md): a function of the claim's identity alone. */
public final class ClaimIds {

    private ClaimIds() {}

    /** A function of (contract_id, kind, campaign_id, source_id, window_start, window_end). */
    public static String claimId(
            String contractId, ClaimKind kind, String campaignId, String sourceId, long windowStart, long windowEnd) {
        return StableIds.of(
                "clm-",
                contractId,
                kind.name(),
                campaignId,
                sourceId,
                Long.toString(windowStart),
                Long.toString(windowEnd));
    }
}
