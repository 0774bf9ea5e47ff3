package com.adaudit.replay;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.testing.ContractJson;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.ReplayRun;
import com.adaudit.testing.Traffic;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** UNDERPRICED_SOURCE end to end on a MiniCluster, with hand-computed claims. */
class UnderpricedRuleIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String K = ContractJson.contractK(ContractJson.UNDERPRICED_K);

    @Test
    void anAverageAtTheThresholdIsNoBreachOneMicroLessIs(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(30, T0, "c-42", "at", 700_000, 0);
        t.clicks(29, T0, "c-42", "below", 700_000, 0);
        t.click(T0 + 45 * 60_000, "c-42", "below", 699_999);
        ReplayRun run = ReplayRun.of(dir, t, K);
        List<JsonNode> claims = run.claims();
        assertEquals(1, claims.size());
        JsonNode claim = claims.get(0);
        assertEquals("below", claim.get("source_id").asText());
        assertEquals(20_999_999, claim.get("amount_micros").asLong(), "spend 29 * 700000 + 699999, multiplier 1.0");
        assertEquals("UNDERPRICED_SOURCE", claim.get("reasons").get(0).asText());
        assertEquals("SPEND", claim.get("kind").asText());
        assertEquals("2026-11-22T10:00:00Z", claim.get("window_start").asText());
        assertEquals(30, claim.get("evidence").get("clicks").asLong());
        JsonNode flag = run.flags().get(0);
        assertEquals("700000", flag.get("threshold").asText());
        assertEquals(
                claim.get("evidence").get("flag_ids").get(0).asText(),
                flag.get("flag_id").asText());
    }

    @Test
    void belowTheMinimumClicksIsNotEvaluable(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(29, T0, "c-42", "few", 1, 0);
        ReplayRun run = ReplayRun.of(dir, t, K);
        assertEquals(0, run.claims().size());
        assertEquals(29, run.figure("clicks", "accepted"));
    }

    @Test
    void withoutAMarketPriceTheCampaignMedianIsTheMarket(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(30, T0, "c-42", "a", 1_000_000, 0);
        t.clicks(30, T0, "c-42", "b", 1_100_000, 0);
        t.clicks(30, T0, "c-42", "cheap", 760_000, 0); // median 1000000 * 0.7 = 700000: no breach
        t.clicks(
                30, T0, "c-42", "cheaper", 600_000, 0); // median of 4 = (760000 + 1000000) / 2 = 880000; * 0.7 = 616000
        ReplayRun run = ReplayRun.of(dir, t, ContractJson.contractK("\"underpriced_source\":{}"));
        assertEquals(
                List.of("cheaper"),
                run.claims().stream().map(c -> c.get("source_id").asText()).toList());
        assertEquals(
                "880000",
                run.claims().get(0).get("evidence").get("market_cpc_micros").asText());
    }

    @Test
    void consecutiveWindowsClaimEveryWindowOfARunOnce(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        for (int hour = 0; hour < 3; hour++) {
            t.clicks(30, T0 + hour * HOUR, "c-42", "run", 500_000, 0); // three windows in a row
        }
        t.clicks(30, T0, "c-42", "hole", 500_000, 0); // no data at 11:00
        t.clicks(30, T0 + 2 * HOUR, "c-42", "hole", 500_000, 0);
        t.clicks(30, T0, "c-42", "broken", 500_000, 0);
        t.clicks(30, T0 + HOUR, "c-42", "broken", 900_000, 0); // passes: breaks the run
        t.clicks(30, T0 + 2 * HOUR, "c-42", "broken", 500_000, 0);
        t.clicks(30, T0, "c-42", "thin", 500_000, 0);
        t.clicks(29, T0 + HOUR, "c-42", "thin", 500_000, 0); // not evaluable: breaks the run
        t.clicks(30, T0 + 2 * HOUR, "c-42", "thin", 500_000, 0);
        String k2 = ContractJson.contractK(
                "\"underpriced_source\":{\"market_cpc_micros\":1000000,\"consecutive_windows\":2,\"multiplier\":1.5}");
        ReplayRun run = ReplayRun.of(dir, t, k2);
        List<JsonNode> claims = run.claims();
        assertEquals(
                List.of("run", "run", "run"),
                claims.stream().map(c -> c.get("source_id").asText()).toList());
        assertEquals(
                List.of("2026-11-22T10:00:00Z", "2026-11-22T11:00:00Z", "2026-11-22T12:00:00Z"),
                claims.stream()
                        .map(c -> c.get("window_start").asText())
                        .sorted()
                        .toList());
        assertEquals(22_500_000, claims.get(0).get("amount_micros").asLong(), "30 * 500000 * 1.5");
        assertEquals(3, run.summary().get("flags").get("UNDERPRICED_SOURCE").asLong());
        assertEquals(
                3,
                claims.stream().map(c -> c.get("claim_id").asText()).distinct().count());
    }
}
