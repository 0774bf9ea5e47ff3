package com.adaudit.rules.bounce;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a window's sessions: landed (one pageview or more), bounced (exactly one). */
public class BounceTallyAggregate
        implements AggregateFunction<SessionOutcome, BounceTallyAggregate.Sums, BounceTallyAggregate.Sums> {

    /** Running sums (a Flink POJO); {@code windowEnd} is the contract window's, not the firing window's. */
    public static class Sums {
        public long windowEnd;
        public long clicks;
        public long spendMicros;
        public long landed;
        public long bounced;
    }

    @Override
    public Sums createAccumulator() {
        return new Sums();
    }

    @Override
    public Sums add(SessionOutcome o, Sums s) {
        s.windowEnd = o.windowEnd();
        s.clicks++;
        s.spendMicros += o.costMicros();
        if (o.pageviews() >= 1) {
            s.landed++;
        }
        if (o.pageviews() == 1) {
            s.bounced++;
        }
        return s;
    }

    @Override
    public Sums getResult(Sums s) {
        return s;
    }

    @Override
    public Sums merge(Sums a, Sums b) {
        a.windowEnd = Math.max(a.windowEnd, b.windowEnd);
        a.clicks += b.clicks;
        a.spendMicros += b.spendMicros;
        a.landed += b.landed;
        a.bounced += b.bounced;
        return a;
    }
}
