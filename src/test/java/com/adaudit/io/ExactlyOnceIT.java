package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.claims.Claim;
import com.adaudit.config.AuditConfig;
import com.adaudit.contracts.ContractParser;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.io.kafka.KafkaSinks;
import com.adaudit.io.kafka.KafkaSources;
import com.adaudit.AdAuditJob;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.pipeline.AuditSinks;
import com.adaudit.replay.ReplayHarness;
import com.adaudit.rules.Flag;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.KafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: generated traffic streams in hour by hour while three failures
 * are injected into the claims path, each right after a checkpoint and while claims of the
 * next checkpoint are already in an open transaction. Under read_committed every claim of the
 * replay of the same events is on the topic exactly once; read_uncommitted also sees the aborted
 * copies, which shows the test can tell.
 */
class ExactlyOnceIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final int FAILURES = 3;
    static final AtomicInteger INJECTED = new AtomicInteger();
    static final List<Integer> FAILED_AT_CLAIM = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger CLAIMS_SEEN = new AtomicInteger();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INPUTS = List.of("impressions", "clicks", "pageviews", "vendor-reports");

    @Test
    void everyClaimExactlyOnceAcrossThreeFailures(@TempDir Path dir) throws Exception {
        Path traffic = dir.resolve("traffic");
        com.adaudit.generate.TrafficGenerator.main(new String[] {"--output", traffic.toString(), "--seed", "7",
                "--campaigns", "1", "--sources", "6", "--hours", "8", "--impressions-per-hour", "40",
                "--clicks-per-hour", "20", "--fraud-share", "0.6"});
        Path contracts = traffic.resolve("contracts.json");
        ReplayHarness.replay(traffic, dir.resolve("replay"), contracts, 2);
        List<String> expected = Files.readAllLines(dir.resolve("replay/claims.jsonl"));
        assertTrue(expected.size() >= 10, "the traffic has claims to lose or repeat: " + expected.size());

        AuditConfig config = AuditConfig.of(settings(dir, contracts));
        List<String> topics = new ArrayList<>();
        AuditConfig.TOPIC_ROLES.forEach(role -> topics.add(config.topic(role)));
        KAFKA.createTopics(2, topics);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkConf(config));
        env.setParallelism(config.parallelism());
        AuditPipeline.define(env, new KafkaSources(config), new FailingClaims(new KafkaSinks(config)),
                ContractParser.readFile(contracts), config.pipeline());
        JobClient job = env.executeAsync("adaudit-exactly-once");
        try {
            for (Map.Entry<Long, Map<String, List<String>>> hour : byHour(traffic).entrySet()) {
                for (String stream : INPUTS) {
                    List<Map.Entry<String, String>> records = new ArrayList<>();
                    hour.getValue().getOrDefault(stream, List.of()).forEach(line -> records.add(Map.entry("k" + line.hashCode() % 5, line)));
                    KAFKA.produce(config.topic(stream), records);
                }
                Thread.sleep(700);
            }
            // far-future records of an uncontracted campaign close every window on every partition
            for (String stream : INPUTS) {
                KAFKA.produceToEveryPartition(config.topic(stream), clockRecord(stream));
            }
            waitFor(() -> committedClaims(config).size() >= expected.size(), Duration.ofSeconds(120));
        } finally {
            job.cancel().get();
        }

        List<String> committed = committedClaims(config);
        Collections.sort(committed);
        assertEquals(List.of(), KAFKA.readAll(config.topic("late-events"), "read_committed").stream()
                .map(ConsumerRecord::value).toList(), "nothing was late, so the replay's claims are the reference");
        assertEquals(expected, committed, "every claim exactly once under read_committed");
        assertEquals(FAILURES, INJECTED.get(), "three failures were injected");
        assertEquals(FAILURES, FAILED_AT_CLAIM.stream().distinct().count(), "at different points: " + FAILED_AT_CLAIM);
        int uncommitted = KAFKA.readAll(config.topic("claims"), "read_uncommitted").size();
        System.out.printf("exactly-once: %d claims committed once each; failures injected at claims %s;"
                + " read_uncommitted sees %d records%n", committed.size(), FAILED_AT_CLAIM, uncommitted);
        assertTrue(uncommitted > committed.size(),
                "read_uncommitted sees the aborted copies: " + uncommitted + " vs " + committed.size());
    }

    private static Map<String, String> settings(Path dir, Path contracts) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap-servers", KAFKA.bootstrapServers());
        s.put("kafka.group-id", "eos");
        s.put("kafka.starting-offsets", "earliest");
        for (String role : AuditConfig.TOPIC_ROLES) {
            s.put("kafka.topic." + role, "eos-" + role);
        }
        s.put("kafka.transactional-id-prefix", "eos");
        s.put("watermark.out-of-orderness", "PT1M");
        // every partition gets data every hour and the clock record at the end: no partition is idle, and a
        // short idleness would let the watermark run past a partition whose reader is slow to resume after a failure
        s.put("watermark.idleness", "PT10M");
        s.put("contracts.file", contracts.toString());
        s.put("checkpoint.interval", "PT0.3S");
        s.put("checkpoint.directory", dir.resolve("checkpoints").toUri().toString());
        s.put("parallelism", "2");
        return s;
    }

    private static Configuration flinkConf(AuditConfig config) {
        Configuration conf = AdAuditJob.flinkConfiguration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        return conf;
    }

    /** Each stream's lines grouped by the hour of their ts, in event-time order. */
    private static Map<Long, Map<String, List<String>>> byHour(Path traffic) throws Exception {
        Map<Long, Map<String, List<String>>> hours = new TreeMap<>();
        for (String stream : INPUTS) {
            List<String> lines = new ArrayList<>(Files.readAllLines(traffic.resolve(stream + ".jsonl")));
            lines.sort((a, b) -> Long.compare(ts(a), ts(b)));
            for (String line : lines) {
                hours.computeIfAbsent(ts(line) / 3_600_000L, h -> new HashMap<>())
                        .computeIfAbsent(stream, s -> new ArrayList<>()).add(line);
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

    private static String clockRecord(String stream) {
        long future = java.time.Instant.parse("2026-12-31T00:00:00Z").toEpochMilli();
        String ids = "\"ts\":" + future + ",\"campaign_id\":\"clock\",\"source_id\":\"clock\"";
        return switch (stream) {
            case "impressions" -> "{\"event_id\":\"clock-" + System.nanoTime() + "\"," + ids + "}";
            case "clicks" -> "{\"event_id\":\"clock-" + System.nanoTime() + "\"," + ids
                    + ",\"cost_micros\":0,\"currency\":\"CNY\"}";
            case "pageviews" -> "{\"event_id\":\"clock-" + System.nanoTime() + "\"," + ids + ",\"click_id\":\"none\"}";
            default -> "{\"report_id\":\"clock-" + System.nanoTime() + "\"," + ids + ",\"period_start\":" + future
                    + ",\"period_end\":" + (future + 3_600_000L) + ",\"impressions\":0,\"cost_micros\":0,"
                    + "\"currency\":\"CNY\"}";
        };
    }

    private static List<String> committedClaims(AuditConfig config) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KAFKA.readAll(config.topic("claims"), "read_committed")) {
            values.add(r.value());
        }
        return values;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout);
            }
            Thread.sleep(500);
        }
    }

    /** The Kafka sinks, with failures injected into the claims path. */
    private record FailingClaims(AuditSinks kafka) implements AuditSinks {
        @Override
        public void flags(DataStream<Flag> flags) {
            kafka.flags(flags);
        }

        @Override
        public void claims(DataStream<Claim> claims) {
            kafka.claims(claims.map(new FailAfterCheckpoint()).name("inject-failures"));
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            kafka.deadLetters(deadLetters);
        }

        @Override
        public void lateEvents(DataStream<LateEvent> lateEvents) {
            kafka.lateEvents(lateEvents);
        }
    }

    /**
     * Fails on a claim when a checkpoint has completed in this attempt and another claim has
     * already gone into the transaction opened after it, until three failures were injected.
     */
    static final class FailAfterCheckpoint extends RichMapFunction<Claim, Claim> implements CheckpointListener {
        private transient boolean checkpointed;
        private transient int sinceCheckpoint;

        @Override
        public void open(OpenContext openContext) {
            checkpointed = false;
            sinceCheckpoint = 0;
        }

        @Override
        public Claim map(Claim claim) {
            int seen = CLAIMS_SEEN.incrementAndGet();
            if (checkpointed && sinceCheckpoint >= 1 && INJECTED.get() < FAILURES
                    && INJECTED.incrementAndGet() <= FAILURES) {
                FAILED_AT_CLAIM.add(seen);
                throw new IllegalStateException("injected failure " + INJECTED.get() + " at claim " + seen);
            }
            sinceCheckpoint++;
            return claim;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            sinceCheckpoint = 0;
        }
    }
}
