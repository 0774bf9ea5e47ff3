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

    static Claim claim(List<Flag> flags) {
        flags.sort(Comparator.comparing(f -> f.verdict().rule()));
        WindowVerdict first = flags.get(0).verdict();
        WindowVerdict latestTerms = flags.stream()
                .map(Flag::verdict)
                .max(Comparator.comparingLong(WindowVerdict::contractVersion))
                .orElseThrow();
        BigDecimal multiplier = flags.stream()
                .map(f -> f.verdict().multiplier())
                .max(Comparator.naturalOrder())
                .orElseThrow();
        WindowVerdict price = verdictOf(flags, Rule.UNDERPRICED_SOURCE);
        WindowVerdict bounce = verdictOf(flags, Rule.HIGH_BOUNCE_RATE);
        long spend = first.spendMicros();
        long clicks = price != null ? price.price().clicks() : bounce.bounce().clicks();
        SpendEvidence evidence = new SpendEvidence(
                clicks,
                spend,
                price == null ? null : price.price(),
                bounce == null ? null : bounce.bounce(),
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
                flags.stream().map(f -> f.verdict().rule().name()).sorted().toArray(String[]::new),
                first.windowStart(),
                first.windowEnd(),
                spend,
                multiplier,
                Money.spendAmount(spend, multiplier),
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
