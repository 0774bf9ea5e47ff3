package com.adaudit.rules.bounce;

/**
 * How one click's session ended: the number of its pageviews within the session timeout
 * (0: never landed; 1: bounced). Emitted at {@code decidedAt}, when the click's window has its
 * bounce result final.
 */
public record SessionOutcome(
        String clickId,
        String contractId,
        String campaignId,
        String sourceId,
        long windowStart,
        long windowEnd,
        long decidedAt,
        long costMicros,
        int pageviews) {}
