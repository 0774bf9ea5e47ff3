package com.adaudit.rules;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.rules.underpriced.ClickTally;
import com.adaudit.rules.underpriced.UnderpricedEvaluator;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

class UnderpricedEvaluatorTest {

    private static final Contract MEDIAN = Records.contract(
            ContractJson.contractK("\"underpriced_source\":{\"max_discount\":0.30,\"min_clicks\":30}"));

    private static KeyedBroadcastOperatorTestHarness<CampaignWindowKey, ClickTally, Contract, WindowVerdict> harness(
            Contract contract, OperatorSubtaskState restore) throws Exception {
        var h = Harnesses.open(
                new KeyedBroadcastOperatorTestHarness<CampaignWindowKey, ClickTally, Contract, WindowVerdict>(
                        new CoBroadcastWithKeyedOperator<>(
                                new UnderpricedEvaluator(new LiveContracts(ContractBook.of(List.of(contract)))),
                                List.of(LiveContracts.UPDATES)),
                        t -> new CampaignWindowKey(t.contractId(), t.campaignId(), t.windowStart()),
                        TypeInformation.of(CampaignWindowKey.class),
                        1,
                        1,
                        0),
                restore);
        h.processBroadcastWatermark(Long.MAX_VALUE); // as in the pipeline: contracts never hold back event time
        return h;
    }

    private static ClickTally tally(String source, long clicks, long spend) {
        return new ClickTally("K", "c-42", source, T0, T0 + HOUR, clicks, spend);
    }

    private static Map<String, Status> statuses(List<WindowVerdict> verdicts) {
        return verdicts.stream().collect(Collectors.toMap(WindowVerdict::sourceId, WindowVerdict::status));
    }

    @Test
    void judgesAgainstTheContractMarketPriceExactly() throws Exception {
        try (var h = harness(Records.K, null)) {
            h.processElement(tally("at-threshold", 30, 30 * 700_000L), T0 + HOUR - 1);
            h.processElement(tally("one-micro-less", 30, 30 * 700_000L - 1), T0 + HOUR - 1);
            h.processElement(tally("too-few", 29, 29), T0 + HOUR - 1);
            h.processWatermark(T0 + HOUR - 2);
            assertEquals(0, h.extractOutputValues().size(), "judged once the window is final");
            h.processWatermark(T0 + HOUR - 1);
            assertEquals(
                    Map.of(
                            "at-threshold",
                            Status.PASS,
                            "one-micro-less",
                            Status.BREACH,
                            "too-few",
                            Status.NOT_EVALUABLE),
                    statuses(h.extractOutputValues()));
            WindowVerdict breach = h.extractOutputValues().stream()
                    .filter(WindowVerdict::isBreach)
                    .findFirst()
                    .orElseThrow();
            assertEquals(new BigDecimal("700000"), breach.threshold());
            assertEquals(T0 + HOUR + 30 * 60_000 - 1, breach.settlesAt(), "the bounce rule decides last");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void withoutAMarketPriceTheMedianOfEligibleSourcesIsTheMarket() throws Exception {
        try (var h = harness(MEDIAN, null)) {
            h.processElement(tally("a", 30, 30 * 1_000_000L), T0);
            h.processElement(tally("b", 30, 30 * 1_200_000L), T0);
            h.processElement(tally("c", 30, 30 * 600_000L), T0); // < 0.7 * median 1000000
            h.processElement(tally("d", 30, 30 * 2_000_000L), T0);
            h.processElement(tally("tiny", 5, 5), T0); // not eligible, not evaluable
            h.processWatermark(T0 + HOUR - 1);
            // median of 600000, 1000000, 1200000, 2000000 = (1000000 + 1200000) / 2 = 1100000; threshold 770000
            List<WindowVerdict> out = h.extractOutputValues();
            assertEquals(
                    Map.of(
                            "a",
                            Status.PASS,
                            "b",
                            Status.PASS,
                            "c",
                            Status.BREACH,
                            "d",
                            Status.PASS,
                            "tiny",
                            Status.NOT_EVALUABLE),
                    statuses(out));
            assertEquals(new BigDecimal("1100000"), out.get(0).price().marketCpcMicros());
            assertEquals(new BigDecimal("770000"), out.get(0).threshold());
        }
    }

    @Test
    void fewerThanThreeEligibleSourcesMakeNoMarket() throws Exception {
        try (var h = harness(MEDIAN, null)) {
            h.processElement(tally("a", 30, 30), T0);
            h.processElement(tally("b", 30, 30 * 1_000_000L), T0);
            h.processWatermark(T0 + HOUR - 1);
            assertEquals(
                    Map.of("a", Status.NOT_EVALUABLE, "b", Status.NOT_EVALUABLE), statuses(h.extractOutputValues()));
        }
    }

    @Test
    void keepsTheWindowsSourcesAcrossSnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(MEDIAN, null)) {
            h.processElement(tally("a", 30, 30 * 1_000_000L), T0);
            h.processElement(tally("b", 30, 30 * 1_000_000L), T0);
            snapshot = h.snapshot(1L, 1L);
        }
        try (var h = harness(MEDIAN, snapshot)) {
            h.processElement(tally("c", 30, 30 * 100_000L), T0);
            h.processWatermark(T0 + HOUR - 1);
            assertEquals(
                    Map.of("a", Status.PASS, "b", Status.PASS, "c", Status.BREACH), statuses(h.extractOutputValues()));
        }
    }

    @Test
    void aContractUpdateAppliesToWindowsJudgedAfterIt() throws Exception {
        try (var h = harness(Records.K, null)) {
            h.processElement(tally("s", 30, 30 * 800_000L), T0);
            h.processBroadcastElement(
                    Records.contract(ContractJson.contract(
                            "K",
                            2,
                            "[\"c-42\"]",
                            "PT1H",
                            "\"underpriced_source\":{\"max_discount\":0.10,\"market_cpc_micros\":1000000}")),
                    T0);
            h.processWatermark(T0 + HOUR - 1);
            WindowVerdict v = h.extractOutputValues().get(0);
            assertEquals(Status.BREACH, v.status(), "800000 < 900000 under version 2");
            assertEquals(2, v.contractVersion());
        }
    }
}
