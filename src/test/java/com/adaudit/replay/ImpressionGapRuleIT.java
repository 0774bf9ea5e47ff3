package com.adaudit.replay;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.T0;
import static com.adaudit.testing.Instants.at;
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

/** IMPRESSION_GAP end to end on a MiniCluster: docs/reference.md's worked example and its variations. */
class ImpressionGapRuleIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    private static final String K = ContractJson.contractK(ContractJson.GAP_K);

    private static Traffic measured15000() {
        return new Traffic().impressions(15_000, T0, 200, "c-42", "s3");
    }

    @Test
    void aCorrectedReportThatStillBreachesRevisesTheAmount(@TempDir Path dir) throws Exception {
        Traffic t = measured15000()
                .report("r1", at(1, 5), "c-42", "s3", T0, T0 + HOUR, 20_000, 40_000_000)
                .report("r2", at(3, 0), "c-42", "s3", T0, T0 + HOUR, 18_000, 36_000_000);
        ReplayRun run = ReplayRun.of(dir, t, K);
        List<JsonNode> claims = run.claims();
        assertEquals(
                List.of(10_000_000L, 6_000_000L),
                claims.stream().map(c -> c.get("amount_micros").asLong()).toList());
        assertEquals(
                List.of(1, 2),
                claims.stream().map(c -> c.get("revision").asInt()).toList());
        assertEquals(claims.get(0).get("claim_id"), claims.get(1).get("claim_id"));
        assertEquals("IMPRESSIONS", claims.get(1).get("kind").asText());
        assertEquals("r2", claims.get(1).get("evidence").get("report_id").asText());
        assertEquals(2, run.flags().size(), "each breaching report is flagged");
        JsonNode totals = run.summary().get("claims").get(0);
        assertEquals(1, totals.get("count").asLong(), "one claim id, counted at its latest revision");
        assertEquals(6_000_000, totals.get("amount_micros").asLong());
    }

    @Test
    void aReportBeyondTheGraceIsLateAndAMisalignedOneIsRejected(@TempDir Path dir) throws Exception {
        Traffic t = measured15000()
                .report("late", T0 + HOUR + 48 * HOUR + 1, "c-42", "s3", T0, T0 + HOUR, 20_000, 40_000_000)
                .report("edge", T0 + HOUR + 48 * HOUR, "c-42", "s3", T0 + HOUR, T0 + 2 * HOUR, 2_000, 1_000)
                .report("skewed", at(2, 0), "c-42", "s3", T0 + 1, T0 + HOUR, 20_000, 40_000_000);
        ReplayRun run = ReplayRun.of(dir, t, K);
        assertEquals(1, run.figure("vendor-reports", "late"));
        assertEquals("late", run.late().get(0).get("event").get("report_id").asText());
        assertEquals(1, run.figure("vendor-reports", "rejected"));
        assertEquals(1, run.figure("vendor-reports", "accepted"));
        assertEquals(
                "period_not_aligned",
                run.deadLetters().get(0).get("reason").asText().split(":")[0]);
        // "edge" is within the grace; nothing was measured for 11:00, so it breaches: 1000 * 2000 / 2000
        assertEquals(1_000, run.claims().get(0).get("amount_micros").asLong());
    }

    @Test
    void aReportOfUnderTheMinimumImpressionsIsNotEvaluable(@TempDir Path dir) throws Exception {
        Traffic t = new Traffic().report("r", at(1, 0), "c-42", "s3", T0, T0 + HOUR, 999, 40_000_000);
        assertEquals(0, ReplayRun.of(dir, t, K).claims().size());
    }
}
