package com.adaudit.rules.ivt;

import org.apache.flink.api.common.functions.AggregateFunction;

/** Counts a window's clicks by GIVT category and sums their spend, in place. */
public class IvtTallyAggregate
        implements AggregateFunction<ClassifiedClick, IvtTallyAggregate.Sums, IvtTallyAggregate.Sums> {

    /** Running sums (a Flink POJO). */
    public static class Sums {
        public String currency;
        public long clicks;
        public long spendMicros;
        public long botUserAgent;
        public long datacenterIp;
        public long duplicateClick;
        public long invalidSpendMicros;
    }

    @Override
    public Sums createAccumulator() {
        return new Sums();
    }

    @Override
    public Sums add(ClassifiedClick click, Sums sums) {
        sums.currency = click.currency();
        sums.clicks++;
        sums.spendMicros += click.costMicros();
        switch (click.category()) {
            case BOT_USER_AGENT -> sums.botUserAgent++;
            case DATACENTER_IP -> sums.datacenterIp++;
            case DUPLICATE_CLICK -> sums.duplicateClick++;
            case VALID -> {
                return sums;
            }
        }
        sums.invalidSpendMicros += click.costMicros();
        return sums;
    }

    @Override
    public Sums getResult(Sums sums) {
        return sums;
    }

    @Override
    public Sums merge(Sums a, Sums b) {
        a.currency = a.currency != null ? a.currency : b.currency;
        a.clicks += b.clicks;
        a.spendMicros += b.spendMicros;
        a.botUserAgent += b.botUserAgent;
        a.datacenterIp += b.datacenterIp;
        a.duplicateClick += b.duplicateClick;
        a.invalidSpendMicros += b.invalidSpendMicros;
        return a;
    }
}
