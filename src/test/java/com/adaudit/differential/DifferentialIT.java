package com.adaudit.differential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.replay.ReplayHarness;
import com.adaudit.replay.StreamingReplay;
import com.adaudit.testing.FlinkCluster;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safety net: on random scenarios ({@link ScenarioGenerator}), the replay's flags, claims
 * (every revision), late events and summary equal the {@link ReferenceModel}'s, and the same lines
 * in another order (gzipped for every third seed) give the same bytes.
 *
 * <p>{@code -Ddifferential.seeds=N} runs N seeds (default 50) from {@code -Ddifferential.first=S}
 * (default 1); a failure names its seed, which {@code -Ddifferential.first=S -Ddifferential.seeds=1}
 * re-runs alone.
 */
class DifferentialIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final List<String> ORDER_FREE_OUTPUTS =
            List.of("flags.jsonl", "claims.jsonl", "late.jsonl", "quality.jsonl", "summary.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECIMAL_EVIDENCE =
            Set.of("avg_cpc_micros", "market_cpc_micros", "bounce_rate", "delivery_ratio", "ivt_rate");

    @Test
    void theReplayAgreesWithTheReferenceModelWhateverTheLineOrder(@TempDir Path dir) throws Exception {
        long first = Long.getLong("differential.first", 1);
        long seeds = Long.getLong("differential.seeds", 50);
        long started = System.nanoTime();
        List<Long> failed = new ArrayList<>();
        StringBuilder reasons = new StringBuilder();
        for (long seed = first; seed < first + seeds; seed++) {
            try {
                check(seed, dir.resolve("seed-" + seed));
            } catch (AssertionError | Exception e) {
                failed.add(seed);
                reasons.append("\nseed ").append(seed).append(": ").append(e.getMessage());
            }
        }
        System.out.printf(
                "differential: %d seeds from %d in %.1f s, failed: %s%n",
                seeds, first, (System.nanoTime() - started) / 1e9, failed);
        assertTrue(
                failed.isEmpty(),
                "failing seeds " + failed + " (re-run one with -Ddifferential.first=SEED -Ddifferential.seeds=1):"
                        + reasons);
    }

    /**
     * The live path: the same scenarios through the pipeline in STREAMING mode, each stream's events
     * delivered in a shuffled order within the watermark's out-of-orderness, give the replay's
     * flags, claims, late events and summary byte for byte.
     */
    @Test
    void theStreamingJobAgreesWithTheReplayOnShuffledDelivery(@TempDir Path dir) throws Exception {
        long first = Long.getLong("differential.first", 1);
        long seeds = Long.getLong("differential.streaming-seeds", 3);
        for (long seed = first; seed < first + seeds; seed++) {
            Scenario scenario = ScenarioGenerator.generate(seed);
            Path replayed = replay(scenario, dir.resolve("replay-" + seed), false);
            Path streamed = dir.resolve("streamed-" + seed);
            StreamingReplay.run(
                    delivered(scenario, seed, OUT_OF_ORDERNESS),
                    scenario.write(streamed, false).resolveSibling("contracts.json"),
                    streamed.resolve("datacenter-ranges.txt"),
                    streamed.resolve("out"),
                    OUT_OF_ORDERNESS);
            for (String file : ORDER_FREE_OUTPUTS) {
                assertEquals(
                        Files.readString(replayed.resolve(file)),
                        Files.readString(streamed.resolve("out").resolve(file)),
                        "seed " + seed + ": " + file + " of the streaming job");
            }
        }
    }

    private static final long OUT_OF_ORDERNESS = 120_000L;

    /** Each stream in event-time order, every event moved by less than {@code outOfOrderness}. */
    static Map<String, List<byte[]>> delivered(Scenario scenario, long seed, long outOfOrderness) {
        java.util.Random random = new java.util.Random(seed);
        Map<String, List<byte[]>> delivered = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<byte[]>> e : scenario.lines().entrySet()) {
            List<Map.Entry<Long, byte[]>> keyed = new ArrayList<>();
            for (byte[] line : e.getValue()) {
                keyed.add(Map.entry(ts(line) + (long) (random.nextDouble() * outOfOrderness), line));
            }
            keyed.sort(Map.Entry.comparingByKey());
            delivered.put(e.getKey(), keyed.stream().map(Map.Entry::getValue).toList());
        }
        return delivered;
    }

    /** A line's {@code ts}, or the start of the scenario for a line that has none to read. */
    private static long ts(byte[] line) {
        try {
            return JSON.readTree(line).get("ts").asLong();
        } catch (Exception | AssertionError e) {
            return ScenarioGenerator.BASE;
        }
    }

    static void check(long seed, Path dir) throws Exception {
        Scenario scenario = ScenarioGenerator.generate(seed);
        ReferenceModel.Expected expected = ReferenceModel.compute(scenario);
        Path out = replay(scenario, dir.resolve("ordered"), false);
        Map<String, String> flagRows = flagRows(out);
        same("flags", expected.flags(), sorted(flagRows.values()));
        same("claims", expected.claims(), claimRows(out, flagRows));
        same("late", expected.late(), lateRows(out));
        same("quality", expected.quality(), qualityRows(out));
        assertEquals(
                JSON.readTree(JSON.writeValueAsString(expected.summary())),
                JSON.readTree(out.resolve("summary.json").toFile()),
                "summary.json");

        Path shuffled = replay(scenario.shuffled(seed * 31 + 7), dir.resolve("shuffled"), seed % 3 == 0);
        for (String file : ORDER_FREE_OUTPUTS) {
            assertArrayEquals(
                    Files.readAllBytes(out.resolve(file)),
                    Files.readAllBytes(shuffled.resolve(file)),
                    file + " changed with the line order");
        }
    }

    /** Equal lists, or a message with the first rows that differ. */
    private static void same(String what, List<String> expected, List<String> actual) {
        if (expected.equals(actual)) {
            return;
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(actual);
        List<String> unexpected = new ArrayList<>(actual);
        unexpected.removeAll(expected);
        throw new AssertionError(what + ": " + expected.size() + " expected, " + actual.size() + " written; missing "
                + missing.subList(0, Math.min(3, missing.size())) + ", not expected "
                + unexpected.subList(0, Math.min(3, unexpected.size())));
    }

    static Path replay(Scenario scenario, Path dir, boolean gzip) throws Exception {
        Path input = scenario.write(dir, gzip);
        Path out = dir.resolve("out");
        ReplayHarness.replay(input, out, dir.resolve("contracts.json"), dir.resolve("datacenter-ranges.txt"), 2);
        return out;
    }

    private static List<String> sorted(java.util.Collection<String> rows) {
        List<String> list = new ArrayList<>(rows);
        list.sort(Comparator.naturalOrder());
        return list;
    }

    /** flag_id to the flag's row as {@link ReferenceModel#flagRow} writes it. */
    static Map<String, String> flagRows(Path out) throws Exception {
        Map<String, String> rows = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("flags.jsonl"))) {
            JsonNode f = JSON.readTree(line);
            String row = String.join(
                    "|",
                    f.get("rule").asText(),
                    f.get("contract_id").asText(),
                    f.get("contract_version").asText(),
                    f.get("campaign_id").asText(),
                    f.get("source_id").asText(),
                    f.get("window_start").asText(),
                    f.get("window_end").asText(),
                    decimal(f.get("observed")),
                    decimal(f.get("threshold")),
                    f.get("sample_size").asText());
            assertEquals(null, rows.put(f.get("flag_id").asText(), row), "flag ids are unique");
        }
        return rows;
    }

    /** Claim rows as {@link ReferenceModel#claimRow} writes them; checks that claim ids follow the claim's key. */
    static List<String> claimRows(Path out, Map<String, String> flagRows) throws Exception {
        List<String> rows = new ArrayList<>();
        Map<String, String> idOfKey = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (String line : Files.readAllLines(out.resolve("claims.jsonl"))) {
            JsonNode c = JSON.readTree(line);
            String key = String.join(
                    "|",
                    c.get("kind").asText(),
                    c.get("contract_id").asText(),
                    c.get("campaign_id").asText(),
                    c.get("source_id").asText(),
                    c.get("window_start").asText(),
                    c.get("window_end").asText());
            String id = c.get("claim_id").asText();
            String known = idOfKey.putIfAbsent(key, id);
            assertTrue(known == null ? ids.add(id) : known.equals(id), "one claim id per claim key: " + key);
            Map<String, Object> evidence = new TreeMap<>();
            List<String> flags = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = c.get("evidence").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("flag_ids")) {
                    e.getValue().forEach(flagId -> flags.add(flagRows.get(flagId.asText())));
                } else if (e.getValue().isObject()) {
                    evidence.put(e.getKey(), counts(e.getValue()).toString());
                } else if (DECIMAL_EVIDENCE.contains(e.getKey())) {
                    evidence.put(e.getKey(), e.getValue().decimalValue());
                } else {
                    evidence.put(
                            e.getKey(),
                            e.getValue().isTextual()
                                    ? e.getValue().asText()
                                    : e.getValue().asLong());
                }
            }
            evidence.put("flags", sorted(flags).toString());
            List<String> reasons = new ArrayList<>();
            c.get("reasons").forEach(r -> reasons.add(r.asText()));
            rows.add(String.join(
                    "|",
                    key,
                    "rev " + c.get("revision").asInt(),
                    c.get("status").asText(),
                    "v" + c.get("contract_version").asLong(),
                    c.get("vendor").asText(),
                    String.join(",", reasons),
                    c.get("basis_micros").asText(),
                    ReferenceModel.show(c.get("multiplier").decimalValue()),
                    c.get("amount_micros").asText(),
                    c.get("currency").asText(),
                    ReferenceModel.evidence(evidence)));
        }
        return sorted(rows);
    }

    /** Traffic-quality records as {@link ReferenceModel} writes them. */
    static List<String> qualityRows(Path out) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("quality.jsonl"))) {
            JsonNode q = JSON.readTree(line);
            rows.add(String.join(
                    "|",
                    q.get("contract_id").asText(),
                    q.get("campaign_id").asText(),
                    q.get("source_id").asText(),
                    q.get("window_start").asText(),
                    q.get("window_end").asText(),
                    "gross " + q.get("gross_clicks").asLong(),
                    "givt " + q.get("givt_clicks").asLong(),
                    "net " + q.get("net_clicks").asLong(),
                    counts(q.get("givt_by_category")).toString(),
                    "spend " + q.get("gross_spend_micros").asLong(),
                    "givt spend " + q.get("givt_spend_micros").asLong(),
                    "net spend " + q.get("net_spend_micros").asLong(),
                    decimal(q.get("ivt_rate")),
                    q.get("currency").asText()));
        }
        return rows; // the file's own order, which the sorted reference rows must match
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new TreeMap<>();
        object.fields()
                .forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    static List<String> lateRows(Path out) throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("late.jsonl"))) {
            JsonNode l = JSON.readTree(line);
            JsonNode event = l.get("event");
            rows.add(l.get("stream").asText() + "|"
                    + (event.has("report_id") ? event.get("report_id") : event.get("event_id")).asText());
        }
        return sorted(rows);
    }

    private static String decimal(JsonNode node) {
        return node == null ? "-" : ReferenceModel.show(new BigDecimal(node.asText()));
    }
}
