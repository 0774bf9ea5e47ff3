package com.adaudit.testing;

import com.adaudit.AdAuditJob;
import com.adaudit.config.AuditConfig;
import com.adaudit.generate.TrafficGenerator;
import com.adaudit.generate.TrafficStreamer;
import com.adaudit.replay.ReplayHarness;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Generated traffic streamed into Kafka hour by hour for tests of the live job, with the
 * replay's claims for the same events as the reference.
 */
public final class LiveTraffic {

    public static final List<String> INPUTS = List.of("impressions", "clicks", "pageviews", "vendor-reports");
    private static final ObjectMapper JSON = new ObjectMapper();

    public final Path files;
    public final Path contracts;
    public final List<String> expectedClaims;
    private final Map<Long, Map<String, List<String>>> hours;

    private LiveTraffic(Path files, List<String> expectedClaims) throws Exception {
        this.files = files;
        this.contracts = files.resolve("contracts.json");
        this.expectedClaims = expectedClaims;
        this.hours = byHour(files);
    }

    /** Eight hours of one campaign's six sources, most of them fraudulent, and the replay of it. */
    public static LiveTraffic generate(Path dir) throws Exception {
        Path files = dir.resolve("traffic");
        TrafficGenerator.main(new String[] {
            "--output",
            files.toString(),
            "--seed",
            "7",
            "--campaigns",
            "1",
            "--sources",
            "6",
            "--hours",
            "8",
            "--impressions-per-hour",
            "40",
            "--clicks-per-hour",
            "20",
            "--fraud-share",
            "0.6"
        });
        ReplayHarness.replay(files, dir.resolve("replay"), files.resolve("contracts.json"), 2);
        return new LiveTraffic(files, Files.readAllLines(dir.resolve("replay/claims.jsonl")));
    }

    public int hourCount() {
        return hours.size();
    }

    /** Produces the hours {@code [from, to)} of every stream, in event-time order, pausing between hours. */
    public void produceHours(KafkaBroker kafka, AuditConfig config, int from, int to, Duration pause) throws Exception {
        List<Map<String, List<String>>> ordered = new ArrayList<>(hours.values());
        for (int h = from; h < to; h++) {
            for (String stream : INPUTS) {
                List<Map.Entry<String, String>> records = new ArrayList<>();
                for (String line : ordered.get(h).getOrDefault(stream, List.of())) {
                    records.add(Map.entry("k" + Math.floorMod(line.hashCode(), 5), line));
                }
                kafka.produce(config.topic(stream), records);
            }
            Thread.sleep(pause.toMillis());
        }
    }

    /** Far-future records of an uncontracted campaign on every partition: every window closes. */
    public void closeAllWindows(KafkaBroker kafka, AuditConfig config) {
        long future = Instant.parse("2026-12-31T00:00:00Z").toEpochMilli();
        for (String stream : INPUTS) {
            kafka.produceToEveryPartition(config.topic(stream), TrafficStreamer.clockRecord(stream, future));
        }
    }

    /** Settings of a live test job on the broker: topics named after the run, fast checkpoints. */
    public static Map<String, String> settings(KafkaBroker kafka, String run, Path dir, Path contracts) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", kafka.bootstrapServers());
        s.put("kafka.group-id", run);
        s.put("kafka.starting-offsets", "earliest");
        for (String role : AuditConfig.TOPIC_ROLES) {
            s.put("kafka.topic." + role, run + "-" + role);
        }
        s.put("kafka.transactional-id-prefix", run);
        s.put("watermark.out-of-orderness", "PT1M");
        // every partition gets data every hour and the clock record at the end: no partition is idle, and a
        // short idleness would let the watermark run past a partition whose reader is slow to resume
        s.put("watermark.idleness", "PT10M");
        s.put("contracts.file", contracts.toString());
        s.put("checkpoint.interval", "PT0.3S");
        s.put("checkpoint.directory", dir.resolve("checkpoints").toUri().toString());
        s.put("parallelism", "2");
        return s;
    }

    /** The job's Flink configuration with a bounded restart strategy: a test must fail, not retry forever. */
    public static Configuration flinkConf(AuditConfig config, int restarts) {
        Configuration conf = AdAuditJob.flinkConfiguration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    public static void createTopics(KafkaBroker kafka, AuditConfig config) throws Exception {
        List<String> topics = new ArrayList<>();
        AuditConfig.TOPIC_ROLES.forEach(role -> topics.add(config.topic(role)));
        kafka.createTopics(2, topics);
    }

    /** The claims topic under read_committed, sorted like claims.jsonl. */
    public static List<String> committedClaims(KafkaBroker kafka, AuditConfig config) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : kafka.readAll(config.topic("claims"), "read_committed")) {
            values.add(r.value());
        }
        Collections.sort(values);
        return values;
    }

    public static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout);
            }
            Thread.sleep(500);
        }
    }

    private static Map<Long, Map<String, List<String>>> byHour(Path traffic) throws Exception {
        Map<Long, Map<String, List<String>>> hours = new TreeMap<>();
        for (String stream : INPUTS) {
            List<String> lines = new ArrayList<>(Files.readAllLines(traffic.resolve(stream + ".jsonl")));
            lines.sort((a, b) -> Long.compare(ts(a), ts(b)));
            for (String line : lines) {
                hours.computeIfAbsent(ts(line) / 3_600_000L, h -> new HashMap<>())
                        .computeIfAbsent(stream, s -> new ArrayList<>())
                        .add(line);
            }
        }
        return hours;
    }

    private static long ts(String line) {
        try {
            return JSON.readTree(line).get("ts").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
