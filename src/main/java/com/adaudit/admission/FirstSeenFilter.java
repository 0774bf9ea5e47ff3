package com.adaudit.admission;

import com.adaudit.admission.StreamFigures.Figure;
import com.adaudit.events.EventJson;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by event (or report) id: classifies every admitted event as duplicate, late or accepted,
 * in that order (SPEC.md). A record is a duplicate when a record with its id and a {@code ts}
 * within the dedup horizon was seen before; it is late when the watermark has reached the
 * {@link com.adaudit.events.Governance#lateAt() instant} after which the result it feeds is final.
 * The id's state is cleared once the watermark passes the horizon.
 */
public class FirstSeenFilter<E extends InputEvent> extends KeyedProcessFunction<String, E, E> {

    private final StreamKind stream;
    private final long horizonMillis;
    private final OutputTag<LateEvent> lateEvents;

    private transient ValueState<Long> firstSeenTs;
    private transient Figure accepted;
    private transient Figure duplicate;
    private transient Figure late;

    public FirstSeenFilter(StreamKind stream, long horizonMillis, OutputTag<LateEvent> lateEvents) {
        this.stream = stream;
        this.horizonMillis = horizonMillis;
        this.lateEvents = lateEvents;
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeenTs = getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen-ts", Types.LONG));
        accepted = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.ACCEPTED);
        duplicate = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.DUPLICATE);
        late = StreamFigures.register(getRuntimeContext(), stream, StreamFigures.LATE);
    }

    @Override
    public void processElement(E event, Context ctx, Collector<E> out) throws Exception {
        Long seen = firstSeenTs.value();
        if (seen != null && Math.abs(event.ts() - seen) <= horizonMillis) {
            duplicate.inc();
            return;
        }
        firstSeenTs.update(event.ts());
        ctx.timerService().registerEventTimeTimer(event.ts() + horizonMillis);
        if (ctx.timerService().currentWatermark() >= event.governance().lateAt()) {
            late.inc();
            ctx.output(lateEvents, new LateEvent(stream.wireName(), event.id(), EventJson.encode(event)));
            return;
        }
        accepted.inc();
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<E> out) throws Exception {
        Long seen = firstSeenTs.value();
        if (seen != null && seen + horizonMillis <= timestamp) {
            firstSeenTs.clear();
        }
    }
}
