package com.adaudit.rules;

import java.util.Objects;

/** One window (or report period) of a source: the key of a claim. */
public record WindowKey(String contractId, String campaignId, String sourceId, long windowStart, long windowEnd) {

    public static WindowKey of(WindowVerdict v) {
        return new WindowKey(v.contractId(), v.campaignId(), v.sourceId(), v.windowStart(), v.windowEnd());
    }

    @Override
    public int hashCode() {
        return Objects.hash(contractId, campaignId, sourceId, windowStart, windowEnd);
    }
}
