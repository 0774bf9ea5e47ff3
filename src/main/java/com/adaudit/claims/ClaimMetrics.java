package com.adaudit.claims;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Flink metrics of issued claims, per currency: {@code adaudit.claims.<CUR>.issued} (claims and
 * revisions) and {@code adaudit.claims.<CUR>.amount-micros} (the amount in force: a revision adds
 * its difference). Like every Flink counter, they count from the task's (re)start.
 */
final class ClaimMetrics {

    private final MetricGroup group;
    private final Map<String, Counter[]> byCurrency = new HashMap<>();

    ClaimMetrics(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("adaudit").addGroup("claims");
    }

    void issued(Claim claim, long previousAmountMicros) {
        Counter[] counters = byCurrency.computeIfAbsent(claim.currency(), currency -> new Counter[] {
            group.addGroup(currency).counter("issued"), group.addGroup(currency).counter("amount-micros")
        });
        counters[0].inc();
        counters[1].inc(claim.amountMicros() - previousAmountMicros);
    }
}
