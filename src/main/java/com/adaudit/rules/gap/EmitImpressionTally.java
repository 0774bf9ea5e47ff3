package com.adaudit.rules.gap;

import com.adaudit.rules.SourceKey;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Names the window's count with its source and window, as a {@link GapInput}. */
public class EmitImpressionTally extends ProcessWindowFunction<Long, GapInput, SourceKey, TimeWindow> {

    @Override
    public void process(SourceKey key, Context ctx, Iterable<Long> counts, Collector<GapInput> out) {
        TimeWindow w = ctx.window();
        out.collect(GapInput.of(new ImpressionTally(
                key.contractId(),
                key.campaignId(),
                key.sourceId(),
                w.getStart(),
                w.getEnd(),
                counts.iterator().next())));
    }
}
