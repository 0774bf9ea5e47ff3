package com.adaudit.replay;

import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.adaudit.testing.ContractJson;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.ReplayRun;
import com.adaudit.testing.Traffic;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** HIGH_BOUNCE_RATE end to end on a MiniCluster, with hand-computed claims. */
class BounceRuleIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String K = ContractJson.contractK(ContractJson.BOUNCE_K);

    @Test
    void aBounceRateAboveTheMaximumClaimsTheSpendTwice(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(27, T0, "c-42", "s1", 650_000, 1); // bounced
        t.clicks(9, T0 + 30 * 60_000, "c-42", "s1", 650_000, 2); // landed, stayed
        t.clicks(4, T0 + 40 * 60_000, "c-42", "s1", 650_000, 0); // never landed
        ReplayRun run = ReplayRun.of(dir, t, K);
        JsonNode claim = run.claims().get(0);
        assertEquals(52_000_000, claim.get("amount_micros").asLong(), "26000000 * 2.0");
        JsonNode evidence = claim.get("evidence");
        assertEquals(36, evidence.get("landed").asLong());
        assertEquals(27, evidence.get("bounced").asLong());
        assertEquals(4, evidence.get("unlanded").asLong());
        assertEquals("0.75", evidence.get("bounce_rate").asText());
        assertEquals("HIGH_BOUNCE_RATE", run.flags().get(0).get("rule").asText());
        assertEquals(36, run.flags().get(0).get("sample_size").asLong());
    }

    @Test
    void aBounceRateOfExactlyTheMaximumIsNoBreach(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(21, T0, "c-42", "s1", 650_000, 1);
        t.clicks(9, T0 + 30 * 60_000, "c-42", "s1", 650_000, 2); // 21 / 30 = 0.70
        assertEquals(0, ReplayRun.of(dir, t, K).claims().size());
    }

    @Test
    void belowTheMinimumSessionsIsNotEvaluable(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(29, T0, "c-42", "s1", 650_000, 1); // 29 landed, all bounced
        t.clicks(20, T0, "c-42", "s1", 650_000, 0); // unlanded clicks are not sessions
        assertEquals(0, ReplayRun.of(dir, t, K).claims().size());
    }

    @Test
    void pageviewsCountOnlyWithinTheSessionTimeout(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        for (int i = 0; i < 30; i++) {
            long ts = T0 + i * 60_000L;
            String click = t.click(ts, "c-42", "s1", 1_000_001);
            t.pageview(ts + 1_000, click, "c-42", "s1");
            t.pageview(ts + 31 * 60_000, click, "c-42", "s1"); // after PT30M: ignored, so every click bounced
        }
        String k = ContractJson.contractK("\"high_bounce_rate\":{\"multiplier\":1.5}");
        JsonNode claim = ReplayRun.of(dir, t, k).claims().get(0);
        assertEquals(30, claim.get("evidence").get("bounced").asLong());
        // 30 * 1000001 * 1.5 = 45000045 exactly; one click: 1000001 * 1.5 = 1500001.5 -> half-up
        assertEquals(45_000_045, claim.get("amount_micros").asLong());
    }

    @Test
    void halfUpRoundingOfTheSpendClaim(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic();
        t.clicks(30, T0, "c-42", "s1", 100_000, 1);
        t.click(T0 + 50 * 60_000, "c-42", "s1", 1); // spend 3000001, * 1.5 = 4500001.5
        String k = ContractJson.contractK("\"high_bounce_rate\":{\"multiplier\":1.5}");
        assertEquals(
                4_500_002,
                ReplayRun.of(dir, t, k).claims().get(0).get("amount_micros").asLong());
    }
}
