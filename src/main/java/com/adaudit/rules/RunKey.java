package com.adaudit.rules;

import java.util.Objects;

/** A source under one rule: the key of a run of breaching windows. */
public record RunKey(String rule, String contractId, String campaignId, String sourceId) {

    public static RunKey of(WindowVerdict v) {
        return new RunKey(v.rule().name(), v.contractId(), v.campaignId(), v.sourceId());
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, contractId, campaignId, sourceId);
    }
}
