package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.rules.bounce.BounceEvaluator;
import com.adaudit.rules.bounce.BounceTally;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Records;
import java.math.BigDecimal;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BounceEvaluatorTest {

    private static KeyedBroadcastOperatorTestHarness<SourceKey, BounceTally, Contract, WindowVerdict> harness()
            throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<SourceKey, BounceTally, Contract, WindowVerdict>(
                new CoBroadcastWithKeyedOperator<>(
                        new BounceEvaluator(new LiveContracts(ContractBook.of(List.of(Records.K)))),
                        List.of(LiveContracts.UPDATES)),
                t -> new SourceKey(t.contractId(), t.campaignId(), t.sourceId()),
                TypeInformation.of(SourceKey.class),
                1,
                1,
                0);
        h.setup();
        h.open();
        return h;
    }

    private static WindowVerdict judge(
            KeyedBroadcastOperatorTestHarness<SourceKey, BounceTally, Contract, WindowVerdict> h,
            long landed,
            long bounced)
            throws Exception {
        h.processElement(new BounceTally("K", "c-42", "s1", T0, T0 + HOUR, landed + 4, 1_000, landed, bounced), T0);
        List<WindowVerdict> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void judgesTheBounceRateStrictlyAboveTheMaximum() throws Exception {
        try (var h = harness()) {
            assertEquals(Status.BREACH, judge(h, 36, 27).status());
            assertEquals(Status.PASS, judge(h, 30, 21).status(), "0.70 is not > 0.70");
            assertEquals(Status.NOT_EVALUABLE, judge(h, 29, 29).status());
            WindowVerdict v = judge(h, 36, 27);
            assertEquals(new BigDecimal("0.75"), v.observed());
            assertEquals(4, v.bounce().unlanded());
            assertEquals(new BigDecimal("2.0"), v.multiplier());
        }
    }

    @Test
    void usesTheContractVersionInForceWhenTheWindowIsJudged() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(
                    Records.contract(ContractJson.contract(
                            "K", 2, "[\"c-42\"]", "PT1H", "\"high_bounce_rate\":{\"max_bounce_rate\":0.80}")),
                    T0);
            WindowVerdict v = judge(h, 36, 27);
            assertEquals(Status.PASS, v.status());
            assertEquals(2, v.contractVersion());
        }
    }
}
