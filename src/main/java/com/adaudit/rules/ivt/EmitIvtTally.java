package com.adaudit.rules.ivt;

import com.adaudit.rules.SourceKey;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Names the window's sums with their source and window. */
public class EmitIvtTally extends ProcessWindowFunction<IvtTallyAggregate.Sums, IvtTally, SourceKey, TimeWindow> {

    @Override
    public void process(SourceKey key, Context ctx, Iterable<IvtTallyAggregate.Sums> sums, Collector<IvtTally> out) {
        IvtTallyAggregate.Sums s = sums.iterator().next();
        TimeWindow w = ctx.window();
        out.collect(new IvtTally(
                key.contractId(),
                key.campaignId(),
                key.sourceId(),
                w.getStart(),
                w.getEnd(),
                s.currency,
                s.clicks,
                s.spendMicros,
                s.botUserAgent,
                s.datacenterIp,
                s.duplicateClick,
                s.invalidSpendMicros));
    }
}
