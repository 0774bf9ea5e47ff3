package com.adaudit.rules;

import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * Tumbling event-time windows whose bounds each element carries, because every contract has its
 * own window size. The window fires when the watermark reaches {@code firesAt}: its end for
 * clicks and impressions, its end plus the session timeout for bounce sessions.
 */
public final class ContractWindows<T> extends WindowAssigner<T, TimeWindow> {

    /** Reads an element's window start and the instant its window's result is final. */
    public interface Bounds<T> extends java.io.Serializable {
        long windowStart(T element);

        long firesAt(T element);
    }

    private final Bounds<T> bounds;

    public ContractWindows(Bounds<T> bounds) {
        this.bounds = bounds;
    }

    @Override
    public Collection<TimeWindow> assignWindows(T element, long timestamp, WindowAssignerContext context) {
        return List.of(new TimeWindow(bounds.windowStart(element), bounds.firesAt(element) + 1));
    }

    @Override
    public Trigger<T, TimeWindow> getDefaultTrigger() {
        @SuppressWarnings("unchecked")
        Trigger<T, TimeWindow> trigger = (Trigger<T, TimeWindow>) (Trigger<?, ?>) EventTimeTrigger.create();
        return trigger;
    }

    @Override
    public TypeSerializer<TimeWindow> getWindowSerializer(ExecutionConfig executionConfig) {
        return new TimeWindow.Serializer();
    }

    @Override
    public boolean isEventTime() {
        return true;
    }

    @Override
    public String toString() {
        return "ContractWindows";
    }
}
