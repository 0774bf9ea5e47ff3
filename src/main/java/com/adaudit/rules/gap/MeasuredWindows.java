package com.adaudit.rules.gap;

import java.util.Arrays;

/**
 * A source's measured windows packed in one {@code long[]}: start, end and impressions of each
 * window, in start order. {@code null} is no window.
 */
final class MeasuredWindows {

    private static final int WIDTH = 3;

    private MeasuredWindows() {}

    /** The windows with the window at {@code start} set to {@code end} and {@code impressions}, replacing its earlier tally. */
    static long[] put(long[] windows, long start, long end, long impressions) {
        long[] from = windows == null ? new long[0] : windows;
        int at = 0;
        while (at < from.length && from[at] < start) {
            at += WIDTH;
        }
        boolean replaces = at < from.length && from[at] == start;
        long[] to = replaces ? from.clone() : new long[from.length + WIDTH];
        if (!replaces) {
            System.arraycopy(from, 0, to, 0, at);
            System.arraycopy(from, at, to, at + WIDTH, from.length - at);
        }
        to[at] = start;
        to[at + 1] = end;
        to[at + 2] = impressions;
        return to;
    }

    /** The windows that end after {@code cutoff}; the same array when all of them do. */
    static long[] endedAfter(long[] windows, long cutoff) {
        long[] kept = new long[windows.length];
        int size = 0;
        for (int i = 0; i < windows.length; i += WIDTH) {
            if (windows[i + 1] > cutoff) {
                System.arraycopy(windows, i, kept, size, WIDTH);
                size += WIDTH;
            }
        }
        return size == windows.length ? windows : Arrays.copyOf(kept, size);
    }

    /** The impressions of the windows that start in [{@code from}, {@code until}). */
    static long impressionsStartingIn(long[] windows, long from, long until) {
        long impressions = 0;
        if (windows != null) {
            for (int i = 0; i < windows.length; i += WIDTH) {
                if (windows[i] >= from && windows[i] < until) {
                    impressions += windows[i + 2];
                }
            }
        }
        return impressions;
    }
}
