package com.adaudit.rules;

import java.util.Objects;

/** One window of a campaign under a contract: where a campaign's sources are compared. */
public record CampaignWindowKey(String contractId, String campaignId, long windowStart) {

    @Override
    public int hashCode() {
        return Objects.hash(contractId, campaignId, windowStart);
    }
}
