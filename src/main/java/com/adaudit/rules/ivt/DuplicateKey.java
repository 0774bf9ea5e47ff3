package com.adaudit.rules.ivt;

import com.adaudit.events.Click;
import com.adaudit.events.Shards;
import java.util.Objects;

/**
 * The clicks a duplicate is looked for among: one (contract, campaign, source, ip, user_agent),
 * the strings as written. An absent user agent is a value of its own ({@code userAgentPresent}
 * false); clicks without an ip share a key per source and are never duplicates. Its {@code
 * equals} and {@code hashCode} are spelled out, as {@link com.adaudit.rules.SourceKey}'s: every
 * click looks its key up.
 */
public record DuplicateKey(
        String contractId, String campaignId, String sourceId, String ip, String userAgent, boolean userAgentPresent) {

    @Override
    public boolean equals(Object o) {
        // the ip first: of the six, it tells keys apart most often
        return this == o
                || (o instanceof DuplicateKey k
                        && Objects.equals(ip, k.ip)
                        && userAgentPresent == k.userAgentPresent
                        && Objects.equals(userAgent, k.userAgent)
                        && Objects.equals(sourceId, k.sourceId)
                        && Objects.equals(campaignId, k.campaignId)
                        && Objects.equals(contractId, k.contractId));
    }

    @Override
    public int hashCode() {
        int h = 31 * Objects.hashCode(contractId) + Objects.hashCode(campaignId);
        h = 31 * h + Objects.hashCode(sourceId);
        h = 31 * h + Objects.hashCode(ip);
        h = 31 * h + Objects.hashCode(userAgent);
        return 31 * h + Boolean.hashCode(userAgentPresent);
    }

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
