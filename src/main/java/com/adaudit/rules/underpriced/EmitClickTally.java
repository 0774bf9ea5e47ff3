package com.adaudit.rules.underpriced;

import com.adaudit.rules.SourceKey;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Names the window's sums with their source and window. */
public class EmitClickTally extends ProcessWindowFunction<ClickTallyAggregate.Sums, ClickTally, SourceKey, TimeWindow> {

    @Override
    public void process(
            SourceKey key, Context ctx, Iterable<ClickTallyAggregate.Sums> sums, Collector<ClickTally> out) {
        ClickTallyAggregate.Sums s = sums.iterator().next();
        TimeWindow w = ctx.window();
        out.collect(new ClickTally(
                key.contractId(), key.campaignId(), key.sourceId(), w.getStart(), w.getEnd(), s.clicks, s.spendMicros));
    }
}
