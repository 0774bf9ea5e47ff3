package com.adaudit.contracts;

import java.time.Duration;

/**
 * One version of an agreement with an outsourced vendor: the campaigns it governs, its
 * currency, its window and the terms of each rule it enforces ({@code null} = not enforced).
 */
public record Contract(
        String contractId,
        String vendor,
        long version,
        String currency,
        String[] campaignIds,
        long windowMillis,
        UnderpricedTerms underpriced,
        BounceTerms bounce,
        GapTerms gap,
        InvalidTrafficTerms invalidTraffic)
        implements java.io.Serializable {

    /** Defaults of docs/reference.md for what a contract, or a rule it has, leaves out. */
    public static final long DEFAULT_WINDOW_MILLIS = Duration.ofHours(1).toMillis();

    public static final long DEFAULT_SESSION_TIMEOUT_MILLIS =
            Duration.ofMinutes(30).toMillis();
    public static final long DEFAULT_REPORT_GRACE_MILLIS = Duration.ofDays(2).toMillis();
    public static final long DEFAULT_DUPLICATE_WINDOW_MILLIS =
            Duration.ofSeconds(30).toMillis();
    public static final long MAX_DUPLICATE_WINDOW_MILLIS = Duration.ofHours(1).toMillis();

    /**
     * How far apart in event time the first and the last window of a run may be. Bounds the
     * windows the run stage keeps unflagged for a run still short of {@code consecutive_windows};
     * contracts whose {@code consecutive_windows} would need more are rejected.
     */
    public static final Duration MAX_RUN_SPAN = Duration.ofDays(31);

    /** Start of the tumbling window, aligned to the UTC epoch, that holds {@code ts}. */
    public long windowStartOf(long ts) {
        return windowStartOf(ts, windowMillis);
    }

    public static long windowStartOf(long ts, long windowMillis) {
        return Math.floorDiv(ts, windowMillis) * windowMillis;
    }

    public long sessionTimeoutMillis() {
        return bounce == null ? DEFAULT_SESSION_TIMEOUT_MILLIS : bounce.sessionTimeoutMillis();
    }

    public long reportGraceMillis() {
        return gap == null ? DEFAULT_REPORT_GRACE_MILLIS : gap.reportGraceMillis();
    }

    /** When UNDERPRICED_SOURCE's result for the window {@code [start, start + window)} is final. */
    public long underpricedFinalAt(long windowStart) {
        return windowStart + windowMillis - 1;
    }

    /** When HIGH_BOUNCE_RATE's result for the window is final: its end plus the session timeout. */
    public long bounceFinalAt(long windowStart) {
        return windowStart + windowMillis + sessionTimeoutMillis() - 1;
    }

    /**
     * When every spend rule of this contract has decided whether the window qualifies: a run
     * that includes it must have reached {@code consecutive_windows} by then, so one spend claim
     * can carry every reason.
     */
    public long spendClaimDueAt(long windowStart) {
        long due = Long.MIN_VALUE;
        if (underpriced != null) {
            due = Math.max(
                    due, underpricedFinalAt(windowStart + (underpriced.consecutiveWindows() - 1L) * windowMillis));
        }
        if (bounce != null) {
            due = Math.max(due, bounceFinalAt(windowStart + (bounce.consecutiveWindows() - 1L) * windowMillis));
        }
        if (invalidTraffic != null) {
            // a window's clicks are classified at their own time, so the result is final at the window end
            due = Math.max(
                    due, underpricedFinalAt(windowStart + (invalidTraffic.consecutiveWindows() - 1L) * windowMillis));
        }
        return due;
    }
}
