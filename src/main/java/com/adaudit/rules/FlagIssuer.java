package com.adaudit.rules;

import com.adaudit.claims.ClaimIds;
import com.adaudit.contracts.Contract;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link RunKey}: turns the windows of CEP run matches into flags, each window once.
 * Matches arrive in event-time order, so a window is new exactly when it starts at or after the
 * end of the last flagged one. The state is dropped once no match can still overlap it.
 */
public class FlagIssuer extends KeyedProcessFunction<RunKey, WindowVerdict, Flag> {

    private transient ValueState<Long> flaggedUntil;
    private transient ValueState<Long> lastMatchAt;
    private transient Map<Rule, Counter> flagsPerRule;

    @Override
    public void open(OpenContext openContext) {
        flaggedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("flagged-until", Types.LONG));
        lastMatchAt = getRuntimeContext().getState(new ValueStateDescriptor<>("last-match-at", Types.LONG));
        flagsPerRule = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            flagsPerRule.put(rule, flagCounter(getRuntimeContext().getMetricGroup(), rule));
        }
    }

    /** The metric {@code adaudit.flags.<RULE>}: flags issued since the task started. */
    public static Counter flagCounter(MetricGroup operatorGroup, Rule rule) {
        return operatorGroup.addGroup("adaudit").addGroup("flags").counter(rule.name());
    }

    @Override
    public void processElement(WindowVerdict window, Context ctx, Collector<Flag> out) throws Exception {
        Long until = flaggedUntil.value();
        if (until != null && window.windowStart() < until) {
            return;
        }
        out.collect(new Flag(ClaimIds.flagId(window), window));
        flagsPerRule.get(window.rule()).inc();
        flaggedUntil.update(window.windowEnd());
        // a later match shares windows with this one only while it is within the run span
        long expiry = ctx.timestamp() + Contract.MAX_RUN_SPAN.toMillis();
        lastMatchAt.update(ctx.timestamp());
        ctx.timerService().registerEventTimeTimer(expiry);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Flag> out) throws Exception {
        Long last = lastMatchAt.value();
        if (last != null && last + Contract.MAX_RUN_SPAN.toMillis() <= timestamp) {
            flaggedUntil.clear();
            lastMatchAt.clear();
        }
    }
}
