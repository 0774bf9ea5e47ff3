package com.adaudit.claims;

import com.adaudit.contracts.Rule;
import com.adaudit.rules.Flag;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by window: one spend claim per flagged (contract, campaign, source, window), issued once
 * every spend rule of the contract has decided the window ({@link WindowVerdict#settlesAt()}).
 * Where both rules qualify, the claim lists both reasons and takes the larger multiplier: no
 * spend is refunded twice.
 */
public class SpendClaimAssembler extends KeyedProcessFunction<WindowKey, Flag, Claim> {

    private transient ListState<Flag> flags;
    private transient ClaimMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        flags = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("window-flags", TypeInformation.of(Flag.class)));
        metrics = new ClaimMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(Flag flag, Context ctx, Collector<Claim> out) throws Exception {
        flags.add(flag);
        ctx.timerService().registerEventTimeTimer(flag.verdict().settlesAt());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Claim> out) throws Exception {
        List<Flag> window = new ArrayList<>();
        flags.get().forEach(window::add);
        if (window.stream().anyMatch(f -> f.verdict().settlesAt() > timestamp)) {
            return; // a rule still has to decide; its own timer comes later
        }
        flags.clear();
        if (!window.isEmpty()) {
            Claim claim = claim(window);
            metrics.issued(claim, 0);
            out.collect(claim);
        }
    }

    /**
     * The window's one claim: every qualifying rule in {@code reasons}; the amount is the largest
     * exact {@code basis * multiplier} among them (the whole spend for UNDERPRICED_SOURCE and
     * HIGH_BOUNCE_RATE, the invalid spend for INVALID_TRAFFIC), with that rule's basis and
     * multiplier, the larger multiplier on a tie. No spend is refunded twice.
     */
    static Claim claim(List<Flag> flags) {
        flags.sort(Comparator.comparing(f -> f.verdict().rule()));
        List<WindowVerdict> verdicts = flags.stream().map(Flag::verdict).toList();
        WindowVerdict first = verdicts.get(0);
        WindowVerdict latestTerms = verdicts.stream()
                .max(Comparator.comparingLong(WindowVerdict::contractVersion))
                .orElseThrow();
        WindowVerdict largest = verdicts.stream()
                .max(Comparator.<WindowVerdict, BigDecimal>comparing(
                                v -> BigDecimal.valueOf(v.basisMicros()).multiply(v.multiplier()))
                        .thenComparing(WindowVerdict::multiplier))
                .orElseThrow();
        WindowVerdict price = verdictOf(flags, Rule.UNDERPRICED_SOURCE);
        WindowVerdict bounce = verdictOf(flags, Rule.HIGH_BOUNCE_RATE);
        WindowVerdict ivt = verdictOf(flags, Rule.INVALID_TRAFFIC);
        SpendEvidence evidence = new SpendEvidence(
                first.clicks(),
                first.spendMicros(),
                price == null ? null : price.price(),
                bounce == null ? null : bounce.bounce(),
                ivt == null ? null : ivt.ivt(),
                flags.stream().map(Flag::flagId).sorted().toArray(String[]::new));
        return new Claim(
                ClaimIds.claimId(
                        first.contractId(),
                        ClaimKind.SPEND,
                        first.campaignId(),
                        first.sourceId(),
                        first.windowStart(),
                        first.windowEnd()),
                1,
                first.contractId(),
                latestTerms.contractVersion(),
                latestTerms.vendor(),
                first.campaignId(),
                first.sourceId(),
                ClaimKind.SPEND,
                verdicts.stream().map(v -> v.rule().name()).sorted().toArray(String[]::new),
                first.windowStart(),
                first.windowEnd(),
                largest.basisMicros(),
                largest.multiplier(),
                Money.spendAmount(largest.basisMicros(), largest.multiplier()),
                latestTerms.currency(),
                evidence,
                null);
    }

    private static WindowVerdict verdictOf(List<Flag> flags, Rule rule) {
        return flags.stream()
                .map(Flag::verdict)
                .filter(v -> v.rule() == rule)
                .findFirst()
                .orElse(null);
    }
}
