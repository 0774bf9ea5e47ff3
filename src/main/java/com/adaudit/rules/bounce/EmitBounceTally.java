package com.adaudit.rules.bounce;

import com.adaudit.rules.SourceKey;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Names the window's session counts with their source and contract window. */
public class EmitBounceTally
        extends ProcessWindowFunction<BounceTallyAggregate.Sums, BounceTally, SourceKey, TimeWindow> {

    @Override
    public void process(
            SourceKey key, Context ctx, Iterable<BounceTallyAggregate.Sums> sums, Collector<BounceTally> out) {
        BounceTallyAggregate.Sums s = sums.iterator().next();
        out.collect(new BounceTally(
                key.contractId(),
                key.campaignId(),
                key.sourceId(),
                ctx.window().getStart(),
                s.windowEnd,
                s.clicks,
                s.spendMicros,
                s.landed,
                s.bounced));
    }
}
