package com.adaudit.ids;

import com.adaudit.events.Shards;
import java.util.Arrays;
import org.apache.flink.streaming.api.TimerService;

/**
 * The event-time timer each shard of one operator instance last registered. A stage keyed by
 * shard asks for the same timer for most of its records (one per shard and window or bucket);
 * Flink would drop each repeat only after a lookup in its timer queue, this skips it with an array
 * read. Not state: after a restore every shard registers once more, which Flink de-duplicates.
 */
public final class ShardTimers {

    private final long[] registered = new long[Shards.COUNT];

    public ShardTimers() {
        Arrays.fill(registered, Long.MIN_VALUE);
    }

    /** A timer at {@code at} for {@code shard}, the current key, unless it is pending already. */
    public void register(int shard, long at, TimerService timers) {
        // a timer at or before the watermark has fired (or fires at the next one): ask again
        if (registered[shard] != at || at <= timers.currentWatermark()) {
            timers.registerEventTimeTimer(at);
            registered[shard] = at;
        }
    }

    /**
     * The latest timer of {@code shard}, the current key, that fires in the watermark's current
     * advance, as far as this instance knows: the one it registered last if that is due too, else
     * {@code firing}, the timer firing now. Flink fires every due timer of an advance before the
     * next record, so a stage whose timers each drop what is older than their instant can drop, at
     * the first, what the last would.
     */
    public long lastDue(int shard, long firing, TimerService timers) {
        long last = registered[shard];
        return last > firing && last <= timers.currentWatermark() ? last : firing;
    }

    /**
     * Whether the input has ended for the current shard: the watermark at its maximum, where every
     * timer is due and no record can come (a bounded stream's end; in the replay's batch mode, the
     * end of this shard's input). A stage that would scan its shard's state once per due timer does
     * all of it at the first.
     */
    public static boolean inputEnded(TimerService timers) {
        return timers.currentWatermark() == Long.MAX_VALUE;
    }
}
