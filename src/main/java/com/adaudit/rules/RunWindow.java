package com.adaudit.rules;

/**
 * What the run stage knows of one window (or report period) of a source under one rule.
 *
 * @param verdict the verdict in force (for IMPRESSION_GAP, of the latest report)
 * @param finalAt the event time from which the window's verdict can no longer change
 * @param carried how many breaching windows directly before this one were forgotten: final,
 *     flagged, and part of this window's run, so the run's length stays exact
 * @param flagged the window belongs to a run of at least {@code consecutive_windows}
 * @param revisions IMPRESSION_GAP: claim revisions issued for the period so far
 * @param flagIds IMPRESSION_GAP: the flags of the period's claim so far, sorted
 */
public record RunWindow(
        WindowVerdict verdict, long finalAt, long carried, boolean flagged, int revisions, String[] flagIds) {

    static RunWindow first(WindowVerdict verdict, long finalAt) {
        return new RunWindow(verdict, finalAt, 0, false, 0, new String[0]);
    }

    RunWindow decidedAgain(WindowVerdict replacement, long finalAt) {
        return new RunWindow(replacement, Math.max(this.finalAt, finalAt), carried, flagged, revisions, flagIds);
    }

    /**
     * What the run book keeps of this window: a window that does not breach and was never flagged
     * takes part in no flag, claim or revision, so only its outcome is kept, not its evidence (a
     * report period's window is kept for the whole grace, and the book is rewritten at every step).
     */
    RunWindow kept() {
        return breach() || flagged
                ? this
                : new RunWindow(verdict.outcomeOnly(), finalAt, carried, flagged, revisions, flagIds);
    }

    RunWindow carrying(long more) {
        return new RunWindow(verdict, finalAt, carried + more, flagged, revisions, flagIds);
    }

    RunWindow claimed(String flagId) {
        String[] ids = java.util.Arrays.copyOf(flagIds, flagIds.length + 1);
        ids[flagIds.length] = flagId;
        java.util.Arrays.sort(ids);
        return new RunWindow(verdict, finalAt, carried, true, revisions + 1, ids);
    }

    RunWindow revised() {
        return new RunWindow(verdict, finalAt, carried, flagged, revisions + 1, flagIds);
    }

    long start() {
        return verdict.windowStart();
    }

    long end() {
        return verdict.windowEnd();
    }

    long size() {
        return verdict.windowEnd() - verdict.windowStart();
    }

    boolean breach() {
        return verdict.isBreach();
    }
}
