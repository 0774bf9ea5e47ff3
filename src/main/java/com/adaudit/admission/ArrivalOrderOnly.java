package com.adaudit.admission;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for contract updates, which apply in arrival order, never by event time: the stream
 * is idle for good, so the operators it is broadcast to take their watermark from their event
 * input alone. (A watermark of end-of-time would do that only while the event input is active:
 * once that input turned idle, the operator would pass end-of-time on and make every later event
 * late.)
 */
public final class ArrivalOrderOnly {

    private ArrivalOrderOnly() {}

    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        });
    }
}
