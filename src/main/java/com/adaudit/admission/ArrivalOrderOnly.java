package com.adaudit.admission;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for contract updates, which apply in arrival order, never by event time: the
 * stream declares its event time complete, so an idle {@code contracts} topic never holds back
 * the watermark of the operators it is broadcast to.
 */
public final class ArrivalOrderOnly {

    private ArrivalOrderOnly() {}

    public static <T> WatermarkStrategy<T> strategy() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
