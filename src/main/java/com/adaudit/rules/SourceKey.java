package com.adaudit.rules;

import java.util.Objects;

/**
 * What rules judge: a source of a campaign under a contract. Its hash code is spelled out
 * (record hash codes are unspecified), because Flink assigns key groups by it: {@code
 * Objects.hash} of the three, computed without its array, as every pre-aggregated record asks.
 */
public record SourceKey(String contractId, String campaignId, String sourceId) {

    @Override
    public int hashCode() {
        return (31 * (31 * (31 + Objects.hashCode(contractId)) + Objects.hashCode(campaignId)))
                + Objects.hashCode(sourceId);
    }
}
