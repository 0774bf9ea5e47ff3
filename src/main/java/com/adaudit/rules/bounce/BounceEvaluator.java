package com.adaudit.rules.bounce;

import com.adaudit.admission.LiveContracts;
import com.adaudit.contracts.BounceTerms;
import com.adaudit.contracts.Contract;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.Rule;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Judges a source's window of sessions under the contract in force (docs/reference.md rule 2). Breach:
 * {@code landed >= min_sessions} and {@code bounced / landed > max_bounce_rate}, compared exactly.
 */
public class BounceEvaluator extends KeyedBroadcastProcessFunction<SourceKey, BounceTally, Contract, WindowVerdict> {

    private final LiveContracts contracts;

    public BounceEvaluator(LiveContracts contracts) {
        this.contracts = contracts;
    }

    @Override
    public void processBroadcastElement(Contract update, Context ctx, Collector<WindowVerdict> out) throws Exception {
        contracts.apply(ctx.getBroadcastState(LiveContracts.UPDATES), update);
    }

    @Override
    public void processElement(BounceTally t, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
        Contract contract = contracts.current(ctx.getBroadcastState(LiveContracts.UPDATES)).byId(t.contractId());
        if (contract == null || contract.bounce() == null) {
            return;
        }
        out.collect(verdict(contract, t));
    }

    static WindowVerdict verdict(Contract contract, BounceTally t) {
        BounceTerms terms = contract.bounce();
        Fraction rate = t.landed() == 0 ? null : Fraction.of(t.bounced(), t.landed());
        Status status;
        if (t.landed() < terms.minSessions()) {
            status = Status.NOT_EVALUABLE;
        } else {
            status = rate.compareTo(Fraction.of(terms.maxBounceRate())) > 0 ? Status.BREACH : Status.PASS;
        }
        return new WindowVerdict(
                Rule.HIGH_BOUNCE_RATE, status, contract.contractId(), contract.version(), contract.vendor(),
                contract.currency(), t.campaignId(), t.sourceId(), t.windowStart(), t.windowEnd(),
                rate == null ? null : rate.toDisplay(), terms.maxBounceRate(), t.landed(),
                terms.consecutiveWindows(), terms.multiplier(), contract.spendClaimDueAt(t.windowStart()),
                t.clicks(), t.spendMicros(), null, null, t.landed(), t.bounced(), t.clicks() - t.landed(),
                null, 0, 0, 0, 0);
    }
}
