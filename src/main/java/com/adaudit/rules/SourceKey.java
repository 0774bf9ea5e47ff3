package com.adaudit.rules;

import java.util.Objects;

/**
 * What rules judge: a source of a campaign under a contract. Its hash code is spelled out
 * (record hash codes are unspecified), because Flink assigns key groups by it: {@code
 * Objects.hash} of the three, computed without its array, as every pre-aggregated record asks.
 * Its {@code equals} too: a record's is a chain of method handles, which the TaskManagers'
 * inlining limits ({@code adaudit.jit.opts}) leave as calls.
 */
public record SourceKey(String contractId, String campaignId, String sourceId) {

    @Override
    public boolean equals(Object o) {
        // the source first: of the three, it tells keys apart most often
        return this == o
                || (o instanceof SourceKey k
                        && Objects.equals(sourceId, k.sourceId)
                        && Objects.equals(campaignId, k.campaignId)
                        && Objects.equals(contractId, k.contractId));
    }

    @Override
    public int hashCode() {
        return (31 * (31 * (31 + Objects.hashCode(contractId)) + Objects.hashCode(campaignId)))
                + Objects.hashCode(sourceId);
    }
}
