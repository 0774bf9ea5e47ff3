package com.adaudit.rules;

import com.adaudit.ids.StableIds;

/** A rule breach that qualifies for a claim, with its deterministic id. */
public record Flag(String flagId, WindowVerdict verdict) {

    public static Flag of(WindowVerdict verdict) {
        return new Flag(idOf(verdict), verdict);
    }

    /** One flag per rule and window; an IMPRESSION_GAP flag also names its report. */
    public static String idOf(WindowVerdict v) {
        return StableIds.of(
                "flg-",
                v.rule().name(),
                v.contractId(),
                v.campaignId(),
                v.sourceId(),
                Long.toString(v.windowStart()),
                Long.toString(v.windowEnd()),
                v.reportId() == null ? "" : v.reportId());
    }
}
