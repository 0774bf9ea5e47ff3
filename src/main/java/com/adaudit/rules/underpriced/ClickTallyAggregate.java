package com.adaudit.rules.underpriced;

import com.adaudit.events.Click;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a window's clicks and sums their cost, in place. */
public class ClickTallyAggregate
        implements AggregateFunction<Click, ClickTallyAggregate.Sums, ClickTallyAggregate.Sums> {

    /** Running sums (a Flink POJO). */
    public static class Sums {
        public long clicks;
        public long spendMicros;
    }

    @Override
    public Sums createAccumulator() {
        return new Sums();
    }

    @Override
    public Sums add(Click click, Sums sums) {
        sums.clicks++;
        sums.spendMicros += click.costMicros();
        return sums;
    }

    @Override
    public Sums getResult(Sums sums) {
        return sums;
    }

    @Override
    public Sums merge(Sums a, Sums b) {
        a.clicks += b.clicks;
        a.spendMicros += b.spendMicros;
        return a;
    }
}
