package com.adaudit.admission;

import com.adaudit.admission.StreamFigures.Figure;
import com.adaudit.events.EventJson;
import com.adaudit.events.IdSerializer;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import com.adaudit.ids.ShardTimers;
import com.adaudit.ids.Shards;
import java.util.Iterator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by a shard of the event (or report) id ({@link Shards}): classifies every admitted event
 * as duplicate, late or accepted, in that order (docs/reference.md). A record is a duplicate when a
 * record with its id and a {@code ts} within the dedup horizon was seen before; it is late when
 * the watermark has reached the {@link com.adaudit.events.Governance#lateAt() instant} after which
 * the result it feeds is final.
 *
 * <p>Each shard keeps its ids with their first {@code ts} in one map, and expires them in buckets:
 * one timer per shard and bucket of event time, not one per event, which was most of the
 * streaming job's CPU. An id stays until the bucket after its horizon ends, at most a bucket
 * longer than needed; the horizon itself is exact, because it is checked on the timestamps.
 */
public class FirstSeenFilter<E extends InputEvent> extends KeyedProcessFunction<Integer, E, E> {

    /**
     * Expiry buckets: a quarter of the horizon, at least a minute, so that timers stay few; each
     * id is looked at about five times before it goes, and stays at most a quarter longer.
     */
    static long bucketMillis(long horizonMillis) {
        return Math.max(horizonMillis / 4, 60_000);
    }

    private final StreamKind stream;
    private final long horizonMillis;
    private final long bucketMillis;
    private final OutputTag<LateEvent> lateEvents;

    /** The shard's ids, to the {@code ts} of their first record (its latest past the horizon). */
    private transient MapState<String, Long> firstSeen;

    private transient ShardTimers expiryTimers;

    private transient Figure accepted;
    private transient Figure duplicate;
    private transient Figure late;

    public FirstSeenFilter(StreamKind stream, long horizonMillis, OutputTag<LateEvent> lateEvents) {
        this.stream = stream;
        this.horizonMillis = horizonMillis;
        this.bucketMillis = bucketMillis(horizonMillis);
        this.lateEvents = lateEvents;
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("first-seen", IdSerializer.INSTANCE, LongSerializer.INSTANCE));
        expiryTimers = new ShardTimers();
        accepted = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.ACCEPTED);
        duplicate = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.DUPLICATE);
        late = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.LATE);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<E> out) throws Exception {
        Long first = firstSeen.get(event.id());
        if (first != null && Math.abs(event.ts() - first) <= horizonMillis) {
            duplicate.inc();
            return;
        }
        firstSeen.put(event.id(), event.ts());
        long expiresAt = event.ts() + horizonMillis;
        long bucketEnd = expiresAt - Math.floorMod(expiresAt, bucketMillis) + bucketMillis;
        expiryTimers.register(ctx.getCurrentKey(), bucketEnd, ctx.timerService());
        if (event.governance().isLate(event.ts(), ctx.timerService().currentWatermark())) {
            late.inc();
            ctx.output(lateEvents, LateEvent.of(stream, event, EventJson.encode(event), null));
            return;
        }
        accepted.inc();
        out.collect(event);
    }

    /** The end of a bucket: the shard forgets every id whose horizon has passed. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        for (Iterator<Long> it = firstSeen.values().iterator(); it.hasNext(); ) {
            if (it.next() + horizonMillis <= timestamp) {
                it.remove();
            }
        }
        if (firstSeen.isEmpty()) {
            firstSeen.clear(); // the empty map itself is an entry of state
        }
    }
}
