package com.adaudit.rules;

/**
 * Sums over some of a source window's inputs, folded where the inputs were produced
 * ({@link PreAggregator}); the window stage merges a window's partials into its result.
 *
 * @param windowStart the window's start, as its inputs' {@link ContractWindows.Bounds} give it
 * @param firesAt the instant the window's result is final, likewise
 * @param inputs how many inputs the sums hold (what a late-events entry for a late partial reports)
 */
public record WindowPartial<A>(SourceKey key, long windowStart, long firesAt, long inputs, A sums) {

    /** The bounds of a partial's window, for the window stage that merges partials. */
    public static final class Bounds<A> implements ContractWindows.Bounds<WindowPartial<A>> {
        @Override
        public long windowStart(WindowPartial<A> partial) {
            return partial.windowStart();
        }

        @Override
        public long firesAt(WindowPartial<A> partial) {
            return partial.firesAt();
        }
    }
}
