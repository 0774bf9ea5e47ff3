package com.adaudit.rules;

import java.util.Objects;

/**
 * What rules judge: a source of a campaign under a contract. Its hash code is spelled out
 * (record hash codes are unspecified), because Flink assigns key groups by it.
 */
public record SourceKey(String contractId, String campaignId, String sourceId) {

    @Override
    public int hashCode() {
        return Objects.hash(contractId, campaignId, sourceId);
    }
}
