package com.adaudit.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ArrivalOrderOnlyTest {

    /**
     * An operator takes the least watermark of its active inputs. Were the contracts input to carry
     * end-of-time, an event input turning idle would leave end-of-time alone and every later event
     * would be late; an idle contracts input leaves the event input in charge.
     */
    @Test
    void theContractsStreamIsIdleForGoodAndCarriesNoWatermark() {
        WatermarkGenerator<String> generator =
                ArrivalOrderOnly.<String>strategy().createWatermarkGenerator(null);
        RecordingOutput out = new RecordingOutput();
        generator.onPeriodicEmit(out);
        generator.onEvent("contract update", 1_795_305_600_000L, out);
        generator.onPeriodicEmit(out);
        assertEquals(List.of(), out.watermarks);
        assertEquals(2, out.idleMarks);
        assertTrue(out.idle);
    }

    private static final class RecordingOutput implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        int idleMarks;
        boolean idle;

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idleMarks++;
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
