package com.adaudit.rules.ivt;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.InvalidTrafficTerms;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.Rule;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.IvtFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;
import org.apache.flink.util.Collector;

/**
 * Judges a source's window of classified clicks under the contract in force (docs/reference.md
 * rule 4). Breach: {@code clicks >= min_clicks} and {@code invalid / clicks > max_ivt_rate},
 * compared exactly.
 */
public class IvtEvaluator extends ContractKeyedFunction<SourceKey, IvtTally, WindowVerdict> {

    public IvtEvaluator(LiveContracts contracts) {
        super(contracts);
    }

    @Override
    public void processElement(IvtTally t, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
        Contract contract = contracts(ctx).byId(t.contractId());
        if (contract == null || contract.invalidTraffic() == null) {
            return;
        }
        out.collect(verdict(contract, t));
    }

    static WindowVerdict verdict(Contract contract, IvtTally t) {
        InvalidTrafficTerms terms = contract.invalidTraffic();
        Fraction rate = Fraction.of(t.invalidClicks(), t.clicks());
        Status status;
        if (t.clicks() < terms.minClicks()) {
            status = Status.NOT_EVALUABLE;
        } else {
            status = rate.compareTo(Fraction.of(terms.maxIvtRate())) > 0 ? Status.BREACH : Status.PASS;
        }
        BigDecimal shown = rate.toDisplay();
        return new WindowVerdict(
                Rule.INVALID_TRAFFIC,
                status,
                RuleTerms.of(contract, terms.consecutiveWindows(), terms.multiplier()),
                t.campaignId(),
                t.sourceId(),
                t.windowStart(),
                t.windowEnd(),
                shown,
                terms.maxIvtRate(),
                t.clicks(),
                contract.spendClaimDueAt(t.windowStart()),
                null,
                null,
                null,
                new IvtFigures(
                        t.clicks(),
                        t.spendMicros(),
                        t.invalidClicks(),
                        t.invalidSpendMicros(),
                        t.botUserAgent(),
                        t.datacenterIp(),
                        t.duplicateClick(),
                        shown));
    }
}
