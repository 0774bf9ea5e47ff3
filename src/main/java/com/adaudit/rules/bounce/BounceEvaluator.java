package com.adaudit.rules.bounce;

import com.adaudit.contracts.BounceTerms;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.Rule;
import com.adaudit.rules.BounceFigures;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;
import org.apache.flink.util.Collector;

/**
 * Judges a source's window of sessions under the contract in force (docs/reference.md rule 2). Breach:
 * {@code landed >= min_sessions} and {@code bounced / landed > max_bounce_rate}, compared exactly.
 */
public class BounceEvaluator extends ContractKeyedFunction<SourceKey, BounceTally, WindowVerdict> {

    public BounceEvaluator(LiveContracts contracts) {
        super(contracts);
    }

    @Override
    public void processElement(BounceTally t, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
        Contract contract = contracts(ctx).byId(t.contractId());
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
        BigDecimal shown = rate == null ? null : rate.toDisplay();
        return new WindowVerdict(
                Rule.HIGH_BOUNCE_RATE,
                status,
                RuleTerms.of(contract, terms.consecutiveWindows(), terms.multiplier()),
                t.campaignId(),
                t.sourceId(),
                t.windowStart(),
                t.windowEnd(),
                shown,
                terms.maxBounceRate(),
                t.landed(),
                contract.spendClaimDueAt(t.windowStart()),
                null,
                new BounceFigures(t.clicks(), t.spendMicros(), t.landed(), t.bounced(), t.clicks() - t.landed(), shown),
                null,
                null);
    }
}
