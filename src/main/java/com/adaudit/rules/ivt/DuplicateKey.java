package com.adaudit.rules.ivt;

import com.adaudit.events.Click;
import com.adaudit.events.Shards;

/**
 * The clicks a duplicate is looked for among: one (contract, campaign, source, ip, user_agent),
 * the strings as written. An absent user agent is a value of its own ({@code userAgentPresent}
 * false); clicks without an ip share a key per source and are never duplicates.
 */
public record DuplicateKey(
        String contractId, String campaignId, String sourceId, String ip, String userAgent, boolean userAgentPresent) {

    public static DuplicateKey of(Click c) {
        return new DuplicateKey(
                c.governance().contractId(),
                c.campaignId(),
                c.sourceId(),
                c.ip() == null ? "" : c.ip(),
                c.userAgent() == null ? "" : c.userAgent(),
                c.userAgent() != null);
    }

    /** The shard of the click's key, the classifier's stream key: every click of a key lands in one shard. */
    public static short shardOf(Click c) {
        return Shards.of(c.governance().contractId(), c.campaignId(), c.sourceId(), c.ip(), c.userAgent());
    }
}
