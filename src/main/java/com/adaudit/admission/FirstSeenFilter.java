package com.adaudit.admission;

import com.adaudit.admission.StreamFigures.Figure;
import com.adaudit.events.EventJson;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by a 64-bit hash of the event (or report) id ({@link #idHash}): classifies every admitted
 * event as duplicate, late or accepted, in that order (docs/reference.md). A record is a duplicate when a
 * record with its id and a {@code ts} within the dedup horizon was seen before; it is late when
 * the watermark has reached the {@link com.adaudit.events.Governance#lateAt() instant} after which
 * the result it feeds is final. An id's state is cleared once the watermark passes the horizon.
 *
 * <p>The hash, not the id, is the key because fixed-length keys are what every event pays for:
 * the replay sorts each event by it and the streaming job keeps a timer under it. The state keeps
 * the id, so the check is exact: ids that share a hash are told apart in {@code colliding}.
 */
public class FirstSeenFilter<E extends InputEvent> extends KeyedProcessFunction<Long, E, E> {

    /** The first record of an id (its latest past the horizon): the id and its {@code ts}. */
    public record FirstSeen(String id, long ts) {}

    private final StreamKind stream;
    private final long horizonMillis;
    private final OutputTag<LateEvent> lateEvents;

    private transient ValueState<FirstSeen> firstSeen;
    /** Other ids with this key's hash, to their first {@code ts}: empty but for a hash collision. */
    private transient MapState<String, Long> colliding;

    private transient Figure accepted;
    private transient Figure duplicate;
    private transient Figure late;

    public FirstSeenFilter(StreamKind stream, long horizonMillis, OutputTag<LateEvent> lateEvents) {
        this.stream = stream;
        this.horizonMillis = horizonMillis;
        this.lateEvents = lateEvents;
    }

    /** The de-duplication key of an id: FNV-1a over its chars, then MurmurHash3's 64-bit finalizer. */
    public static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("first-seen", TypeInformation.of(FirstSeen.class)));
        colliding =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("colliding-ids", Types.STRING, Types.LONG));
        accepted = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.ACCEPTED);
        duplicate = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.DUPLICATE);
        late = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.LATE);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<E> out) throws Exception {
        FirstSeen first = firstSeen.value();
        if (first == null || first.id().equals(event.id())) {
            if (first != null && Math.abs(event.ts() - first.ts()) <= horizonMillis) {
                duplicate.inc();
                return;
            }
            firstSeen.update(new FirstSeen(event.id(), event.ts()));
        } else {
            Long seen = colliding.get(event.id());
            if (seen != null && Math.abs(event.ts() - seen) <= horizonMillis) {
                duplicate.inc();
                return;
            }
            colliding.put(event.id(), event.ts());
        }
        ctx.timerService().registerEventTimeTimer(event.ts() + horizonMillis);
        if (event.governance().isLate(event.ts(), ctx.timerService().currentWatermark())) {
            late.inc();
            ctx.output(lateEvents, LateEvent.of(stream, event, EventJson.encode(event), null));
            return;
        }
        accepted.inc();
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        FirstSeen first = firstSeen.value();
        if (first != null && first.ts() + horizonMillis <= timestamp) {
            firstSeen.clear();
        }
        if (!colliding.isEmpty()) {
            for (Iterator<Map.Entry<String, Long>> it = colliding.iterator(); it.hasNext(); ) {
                if (it.next().getValue() + horizonMillis <= timestamp) {
                    it.remove();
                }
            }
            if (colliding.isEmpty()) {
                colliding.clear(); // the empty map itself is an entry of state
            }
        }
    }
}
