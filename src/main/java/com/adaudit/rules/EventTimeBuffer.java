package com.adaudit.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

/**
 * Keyed state that holds records until the watermark passes their event time and then hands
 * them over in a fixed order: what makes a keyed stage independent of arrival order, also in batch
 * mode, which delivers records of one timestamp in any order. Each instant has one event-time
 * timer.
 */
public final class EventTimeBuffer<T> {

    private final MapState<Long, List<T>> pending;

    public EventTimeBuffer(RuntimeContext ctx, String name, TypeInformation<T> type) {
        pending = ctx.getMapState(new MapStateDescriptor<>(name, Types.LONG, Types.LIST(type)));
    }

    /** Holds {@code record} until the watermark passes {@code at}. */
    public void add(long at, T record, TimerService timers) throws Exception {
        List<T> due = pending.get(at);
        if (due == null) {
            due = new ArrayList<>();
        }
        due.add(record);
        pending.put(at, due);
        timers.registerEventTimeTimer(at);
    }

    /** The records held for {@code at}, in {@code order}, and forgets them; empty when none. */
    public List<T> take(long at, Comparator<T> order) throws Exception {
        List<T> due = pending.get(at);
        if (due == null) {
            return List.of();
        }
        pending.remove(at);
        due.sort(order);
        return due;
    }
}
