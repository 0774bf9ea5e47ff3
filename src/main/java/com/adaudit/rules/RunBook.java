package com.adaudit.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * All that {@link BreachRunTracker} keeps of one run key, as one state value: on RocksDB a verdict
 * then costs one read and one write when it arrives and when it is decided, where a map of windows
 * and a map of waiting verdicts cost a seek over every window and an entry per decision instant.
 * A key holds a few windows: those that can still change a flag (docs/semantics.md).
 *
 * @param windows what is known of the key's windows, by start
 * @param waiting verdicts held until the watermark passes their decision instant, in arrival order
 */
public record RunBook(RunWindow[] windows, WaitingVerdict[] waiting) {

    /** A verdict and the event time it is decided at. */
    public record WaitingVerdict(long at, WindowVerdict verdict) {}

    private static final RunBook EMPTY = new RunBook(new RunWindow[0], new WaitingVerdict[0]);

    static RunBook orEmpty(RunBook book) {
        return book == null ? EMPTY : book;
    }

    /** This book with {@code verdict} waiting for {@code at}. */
    RunBook holding(long at, WindowVerdict verdict) {
        WaitingVerdict[] more = Arrays.copyOf(waiting, waiting.length + 1);
        more[waiting.length] = new WaitingVerdict(at, verdict);
        return new RunBook(windows, more);
    }

    /** The verdicts decided at {@code at}, in {@code order} (ties in arrival order). */
    List<WindowVerdict> dueAt(long at, Comparator<WindowVerdict> order) {
        List<WindowVerdict> due = new ArrayList<>();
        for (WaitingVerdict w : waiting) {
            if (w.at() == at) {
                due.add(w.verdict());
            }
        }
        due.sort(order);
        return due;
    }

    /** The windows, by start, to change in place and pass to {@link #after}. */
    TreeMap<Long, RunWindow> windowsByStart() {
        TreeMap<Long, RunWindow> byStart = new TreeMap<>();
        for (RunWindow w : windows) {
            byStart.put(w.start(), w);
        }
        return byStart;
    }

    /** The book once the verdicts of {@code at} are decided, with {@code byStart} as its windows; {@code null} when nothing is left. */
    RunBook after(long at, TreeMap<Long, RunWindow> byStart) {
        WaitingVerdict[] still =
                Arrays.stream(waiting).filter(w -> w.at() != at).toArray(WaitingVerdict[]::new);
        if (byStart.isEmpty() && still.length == 0) {
            return null;
        }
        return new RunBook(byStart.values().stream().map(RunWindow::kept).toArray(RunWindow[]::new), still);
    }
}
