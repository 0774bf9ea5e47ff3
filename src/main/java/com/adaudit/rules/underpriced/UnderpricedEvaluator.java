package com.adaudit.rules.underpriced;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.Rule;
import com.adaudit.contracts.UnderpricedTerms;
import com.adaudit.rules.CampaignWindowKey;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.PriceFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.Collector;

/**
 * Keyed by campaign window: gathers the window's per-source click tallies and, once the window
 * is final, judges every source against the market price under the contract in force
 * (docs/reference.md rule 1). Breach: {@code clicks >= min_clicks} and
 * {@code spend / clicks < market * (1 - max_discount)}, compared exactly.
 */
public class UnderpricedEvaluator extends ContractKeyedFunction<CampaignWindowKey, ClickTally, WindowVerdict> {

    private transient ListState<ClickTally> tallies;

    public UnderpricedEvaluator(LiveContracts contracts) {
        super(contracts);
    }

    @Override
    public void open(OpenContext openContext) {
        tallies = getRuntimeContext()
                .getListState(
                        new ListStateDescriptor<>("campaign-window-tallies", TypeInformation.of(ClickTally.class)));
    }

    @Override
    public void processElement(ClickTally tally, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
        tallies.add(tally);
        ctx.timerService().registerEventTimeTimer(tally.windowEnd() - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowVerdict> out) throws Exception {
        List<ClickTally> window = new ArrayList<>();
        tallies.get().forEach(window::add);
        tallies.clear();
        Contract contract = contracts(ctx).byId(ctx.getCurrentKey().contractId());
        if (contract == null || contract.underpriced() == null || window.isEmpty()) {
            return;
        }
        UnderpricedTerms terms = contract.underpriced();
        Fraction market = MarketPrice.of(terms, window);
        Fraction threshold =
                market == null ? null : market.times(Fraction.of(BigDecimal.ONE.subtract(terms.maxDiscount())));
        window.sort(Comparator.comparing(ClickTally::sourceId));
        for (ClickTally t : window) {
            out.collect(verdict(contract, terms, t, market, threshold));
        }
    }

    static WindowVerdict verdict(
            Contract contract, UnderpricedTerms terms, ClickTally t, Fraction market, Fraction threshold) {
        Fraction averageCpc = Fraction.of(t.spendMicros(), t.clicks());
        Status status;
        if (threshold == null || t.clicks() < terms.minClicks()) {
            status = Status.NOT_EVALUABLE;
        } else {
            status = averageCpc.compareTo(threshold) < 0 ? Status.BREACH : Status.PASS;
        }
        return new WindowVerdict(
                Rule.UNDERPRICED_SOURCE,
                status,
                RuleTerms.of(contract, terms.consecutiveWindows(), terms.multiplier()),
                t.campaignId(),
                t.sourceId(),
                t.windowStart(),
                t.windowEnd(),
                averageCpc.toDisplay(),
                threshold == null ? null : threshold.toDisplay(),
                t.clicks(),
                contract.spendClaimDueAt(t.windowStart()),
                new PriceFigures(
                        t.clicks(),
                        t.spendMicros(),
                        averageCpc.toDisplay(),
                        market == null ? null : market.toDisplay()),
                null,
                null,
                null);
    }
}
