package com.adaudit.claims;

import com.adaudit.rules.Flag;
import com.adaudit.rules.WindowVerdict;

/**
 * What the impression claim issuer reads, one of the two: a period that qualified (a flag from
 * the run pattern), or a period re-evaluated on a replacement report. {@code at} is the event
 * time it was made, stamped on arrival.
 */
public record GapSignal(Flag qualified, WindowVerdict reevaluated, long at) {

    public static GapSignal of(Flag qualified) {
        return new GapSignal(qualified, null, Long.MIN_VALUE);
    }

    public static GapSignal of(WindowVerdict reevaluated) {
        return new GapSignal(null, reevaluated, Long.MIN_VALUE);
    }

    GapSignal at(long timestamp) {
        return new GapSignal(qualified, reevaluated, timestamp);
    }

    WindowVerdict verdict() {
        return qualified != null ? qualified.verdict() : reevaluated;
    }
}
