package com.adaudit.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.contracts.Rule;
import com.adaudit.generate.AccuracyReport;
import com.adaudit.generate.TrafficGenerator;
import com.adaudit.testing.FlinkCluster;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Where the injected fraud is unambiguous, every rule finds exactly the fraudulent sources. */
class AccuracyIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    @Test
    void precisionAndRecallAreOneOnUnambiguousFraud(@TempDir Path dir) throws Exception {
        Path traffic = dir.resolve("traffic");
        TrafficGenerator.main(new String[] {
            "--output",
            traffic.toString(),
            "--seed",
            "3",
            "--campaigns",
            "3",
            "--sources",
            "12",
            "--hours",
            "6",
            "--fraud-share",
            "0.3",
            "--noise",
            "clear"
        });
        ReplayHarness.replay(traffic, dir.resolve("out"), traffic.resolve("contracts.json"), 2);
        Map<Rule, AccuracyReport.Score> scores =
                AccuracyReport.score(traffic.resolve("ground-truth.jsonl"), dir.resolve("out/flags.jsonl"));
        for (Rule rule : Rule.values()) {
            AccuracyReport.Score s = scores.get(rule);
            assertTrue(s.truePositives() > 0, rule + " has injected fraud to find: " + s);
            assertEquals(1.0, s.precision(), rule + ": " + s);
            assertEquals(1.0, s.recall(), rule + ": " + s);
        }
    }
}
