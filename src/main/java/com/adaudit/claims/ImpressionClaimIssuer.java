package com.adaudit.claims;

import com.adaudit.rules.Flag;
import com.adaudit.rules.FlagIssuer;
import com.adaudit.rules.Rule;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowVerdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by report period: issues the IMPRESSIONS claim of a qualifying period and revises it
 * when a replacement report re-evaluates the period: same {@code claim_id}, {@code revision + 1},
 * the new amount (0 when the period no longer breaches). A replacement that breaches is flagged
 * (to {@code revisedFlags}); with {@code consecutive_windows = 1} it can also claim a period its
 * first report did not. Signals wait for the watermark and are taken in event-time order,
 * whichever path they came by; the state goes when the report grace is over.
 */
public class ImpressionClaimIssuer extends KeyedProcessFunction<WindowKey, GapSignal, Claim> {

    /** Event-time order; of one instant, a qualification before a re-evaluation. */
    private static final Comparator<GapSignal> SIGNAL_ORDER = Comparator.<GapSignal>comparingLong(s -> s.at())
            .thenComparing(s -> s.qualified() == null);

    private final OutputTag<Flag> revisedFlags;

    private transient ListState<GapSignal> waiting;
    private transient ValueState<Claim> issued;
    private transient ValueState<WindowVerdict> replacement;
    private transient ValueState<Long> settlesAt;
    private transient ClaimMetrics metrics;
    private transient Counter revisedFlagCount;

    public ImpressionClaimIssuer(OutputTag<Flag> revisedFlags) {
        this.revisedFlags = revisedFlags;
    }

    @Override
    public void open(OpenContext openContext) {
        waiting = getRuntimeContext().getListState(
                new ListStateDescriptor<>("waiting-signals", TypeInformation.of(GapSignal.class)));
        issued = getRuntimeContext().getState(new ValueStateDescriptor<>("issued-claim", TypeInformation.of(Claim.class)));
        replacement = getRuntimeContext().getState(
                new ValueStateDescriptor<>("replacement", TypeInformation.of(WindowVerdict.class)));
        settlesAt = getRuntimeContext().getState(new ValueStateDescriptor<>("settles-at", Types.LONG));
        metrics = new ClaimMetrics(getRuntimeContext().getMetricGroup());
        revisedFlagCount = FlagIssuer.flagCounter(getRuntimeContext().getMetricGroup(), Rule.IMPRESSION_GAP);
    }

    @Override
    public void processElement(GapSignal signal, Context ctx, Collector<Claim> out) throws Exception {
        waiting.add(signal.at(ctx.timestamp()));
        ctx.timerService().registerEventTimeTimer(ctx.timestamp());
        long settles = signal.verdict().settlesAt();
        Long known = settlesAt.value();
        if (known == null || known < settles) {
            settlesAt.update(settles);
            ctx.timerService().registerEventTimeTimer(settles);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Claim> out) throws Exception {
        List<GapSignal> due = new ArrayList<>();
        List<GapSignal> later = new ArrayList<>();
        for (GapSignal s : waiting.get()) {
            (s.at() <= timestamp ? due : later).add(s);
        }
        waiting.update(later);
        due.sort(SIGNAL_ORDER);
        for (GapSignal s : due) {
            if (s.qualified() != null) {
                onQualified(s.qualified(), out);
            } else {
                onReevaluated(ctx, s.reevaluated(), out);
            }
        }
        if (later.isEmpty() && settlesAt.value() <= timestamp) {
            waiting.clear();
            issued.clear();
            replacement.clear();
            settlesAt.clear();
        }
    }

    private void onQualified(Flag flag, Collector<Claim> out) throws Exception {
        if (issued.value() != null) {
            return;
        }
        WindowVerdict current = replacement.value() != null ? replacement.value() : flag.verdict();
        if (current.isBreach()) {
            issue(1, current, new String[] {flag.flagId()}, out);
        }
    }

    private void onReevaluated(OnTimerContext ctx, WindowVerdict v, Collector<Claim> out) throws Exception {
        replacement.update(v);
        Claim claim = issued.value();
        if (claim == null && !(v.isBreach() && v.consecutiveWindows() == 1)) {
            return;
        }
        String[] flagIds = claim == null ? new String[0] : claim.evidence().flagIds();
        if (v.isBreach()) {
            Flag flag = new Flag(ClaimIds.flagId(v), v);
            ctx.output(revisedFlags, flag);
            revisedFlagCount.inc();
            flagIds = Stream.concat(Arrays.stream(flagIds), Stream.of(flag.flagId())).sorted().toArray(String[]::new);
        }
        issue(claim == null ? 1 : claim.revision() + 1, v, flagIds, out);
    }

    private void issue(int revision, WindowVerdict v, String[] flagIds, Collector<Claim> out) throws Exception {
        long amount = v.isBreach()
                ? Money.impressionAmount(v.reportCostMicros(), v.reportedImpressions(), v.measuredImpressions(),
                        v.multiplier())
                : 0L;
        ClaimEvidence evidence = new ClaimEvidence(
                null, null, null, null, null, null, null, null,
                v.reportId(), v.reportedImpressions(), v.measuredImpressions(), v.observed(), v.reportCostMicros(),
                flagIds);
        Claim claim = new Claim(
                ClaimIds.claimId(v.contractId(), ClaimKind.IMPRESSIONS, v.campaignId(), v.sourceId(),
                        v.windowStart(), v.windowEnd()),
                revision, v.contractId(), v.contractVersion(), v.vendor(), v.campaignId(), v.sourceId(),
                ClaimKind.IMPRESSIONS, new String[] {"IMPRESSION_GAP"}, v.windowStart(), v.windowEnd(),
                v.reportCostMicros(), v.multiplier(), amount, v.currency(), evidence);
        Claim previous = issued.value();
        metrics.issued(claim, previous == null ? 0 : previous.amountMicros());
        issued.update(claim);
        out.collect(claim);
    }
}
