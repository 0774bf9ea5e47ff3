package com.adaudit.rules.gap;

import com.adaudit.events.Impression;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a window's impressions. */
public class CountImpressions implements AggregateFunction<Impression, Long, Long> {

    @Override
    public Long createAccumulator() {
        return 0L;
    }

    @Override
    public Long add(Impression impression, Long count) {
        return count + 1;
    }

    @Override
    public Long getResult(Long count) {
        return count;
    }

    @Override
    public Long merge(Long a, Long b) {
        return a + b;
    }
}
