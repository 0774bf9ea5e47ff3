package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.AdAuditJob;
import com.adaudit.config.AuditConfig;
import com.adaudit.contracts.ContractParser;
import com.adaudit.generate.TrafficStreamer;
import com.adaudit.testing.ContractJson;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.KafkaBroker;
import com.adaudit.testing.LiveTraffic;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job on a real KRaft broker: the bundled sample produced to the input topics
 * gives, under read_committed, the claims and flags the replay harness gives for the same
 * events; poison records become dead letters with topic, partition and offset.
 */
class KafkaPipelineIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create(METRICS.addToConfiguration(new Configuration()));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLE = Path.of("src/test/resources/sample");
    private static final List<String> INPUTS = List.of("impressions", "clicks", "pageviews", "vendor-reports");

    @Test
    void theSampleOnKafkaGivesTheReplaysClaimsExactlyOnce(@TempDir Path dir) throws Exception {
        String run = "e2e";
        Map<String, String> settings = settings(run, dir, SAMPLE.resolve("contracts.json"));
        AuditConfig config = AuditConfig.of(settings);
        LiveTraffic.createTopics(KAFKA, config);
        for (String stream : INPUTS) {
            KAFKA.produce(
                    config.topic(stream), inEventTimeOrder(Files.readAllLines(SAMPLE.resolve(stream + ".jsonl"))));
        }
        for (String stream : INPUTS) {
            KAFKA.produce(config.topic(stream), List.of(Map.entry("poison", "poison for " + stream)));
        }

        JobID job = runToEnd(config);

        assertEquals(lines(SAMPLE.resolve("expected/claims.jsonl")), sortedValues(config.topic("claims")));
        assertEquals(lines(SAMPLE.resolve("expected/flags.jsonl")), sortedValues(config.topic("flags")));
        assertEquals(lines(SAMPLE.resolve("expected/quality.jsonl")), sortedValues(config.topic("quality")));
        List<ConsumerRecord<String, String>> claims = KAFKA.readAll(config.topic("claims"), "read_committed");
        assertEquals(
                JSON.readTree(claims.get(0).value()).get("claim_id").asText(),
                claims.get(0).key(),
                "claims are keyed by claim_id");

        List<JsonNode> deadLetters = values(config.topic("dead-letters"));
        assertEquals(6 + INPUTS.size(), deadLetters.size(), "the sample's six rejections and a poison record a topic");
        for (String stream : INPUTS) {
            JsonNode poison = deadLetters.stream()
                    .filter(d -> d.get("raw").asText().equals("poison for " + stream))
                    .findFirst()
                    .orElseThrow();
            assertEquals(stream, poison.get("stream").asText());
            assertTrue(poison.get("reason").asText().startsWith("invalid_json"), poison.toString());
            assertEquals(config.topic(stream), poison.get("topic").asText());
            assertTrue(
                    poison.get("partition").asInt() >= 0 && poison.get("offset").asLong() >= 0, poison.toString());
        }
        assertEquals(1, values(config.topic("late-events")).size(), "the report beyond its grace");

        // the job's metrics: figures per stream (the sample's, plus the poison record), flags, claims
        assertEquals(158, metric(job, "adaudit.clicks.read"));
        assertEquals(152, metric(job, "adaudit.clicks.accepted"));
        assertEquals(5, metric(job, "adaudit.clicks.rejected"));
        assertEquals(1, metric(job, "adaudit.clicks.duplicate"));
        assertEquals(1, metric(job, "adaudit.vendor-reports.late"));
        assertEquals(1, metric(job, "adaudit.flags.HIGH_BOUNCE_RATE"));
        assertEquals(1, metric(job, "adaudit.flags.INVALID_TRAFFIC"));
        assertEquals(4, metric(job, "adaudit.givt.bot_user_agent"));
        assertEquals(3, metric(job, "adaudit.givt.datacenter_ip"));
        assertEquals(2, metric(job, "adaudit.givt.duplicate_click"));
        assertEquals(4, metric(job, "adaudit.claims.CNY.issued"), "three claims, one of them revised");
        assertEquals(61_000_000, metric(job, "adaudit.claims.CNY.amount-micros"), "the amounts in force");
    }

    /** A counter summed over the job's subtasks. */
    private static long metric(JobID job, String name) {
        return METRICS.findMetrics(job, ".*" + name.replace(".", "\\.") + "$").values().stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @Test
    void aContractUpdateOnTheTopicChangesLaterWindowsWithoutARestart(@TempDir Path dir) throws Exception {
        // no partition turns idle during the test, and the impressions and reports topics stay empty: spend claims
        // wait for both spend rules (clicks and pageviews), never for the impression-gap rule's inputs
        AuditConfig config = unboundedConfig("update", dir, "PT10M");
        JobClient job = startUnderContractK(config, dir);
        try {
            // version 2 triples the multiplier; version 3 is invalid (no vendor). The topic keeps their order, so
            // once version 3 is a dead letter, version 2 is in force.
            KAFKA.produce(
                    config.topic("contracts"),
                    List.of(
                            Map.entry(
                                    "K",
                                    ContractJson.contractK(
                                                    "\"underpriced_source\":{\"market_cpc_micros\":1000000,\"min_clicks\":2,\"multiplier\":3.0}")
                                            .replace("\"version\":1", "\"version\":2")),
                            Map.entry("K", "{\"contract_id\":\"K\",\"version\":3}")));
            LiveTraffic.waitFor(
                    () -> !KAFKA.readAll(config.topic("dead-letters"), "read_committed")
                            .isEmpty(),
                    Duration.ofSeconds(60));
            KAFKA.produce(config.topic("clicks"), underpricedClicks("u", 1795341600000L));
            KAFKA.produceToEveryPartition(
                    config.topic("clicks"), TrafficStreamer.clockRecord("clicks", 1795400000000L));
            KAFKA.produceToEveryPartition(
                    config.topic("pageviews"), TrafficStreamer.clockRecord("pageviews", 1795400000000L));
            LiveTraffic.waitFor(() -> !sortedValues(config.topic("claims")).isEmpty(), Duration.ofSeconds(60));
        } finally {
            job.cancel().get();
        }
        JsonNode claim = JSON.readTree(sortedValues(config.topic("claims")).get(0));
        assertEquals(2, claim.get("contract_version").asLong());
        assertEquals(5_400_000, claim.get("amount_micros").asLong(), "1800000 * 3.0 under version 2, not * 1.0");
        JsonNode deadLetter = values(config.topic("dead-letters")).get(0);
        assertEquals("contracts", deadLetter.get("stream").asText());
        assertTrue(deadLetter.get("reason").asText().contains("contract K: field vendor"), deadLetter.toString());
    }

    /**
     * Every input falls quiet for longer than the idleness timeout, then traffic resumes: the next hour's
     * clicks are admitted, not late. (With the contracts stream carrying end-of-time, the operators it is
     * broadcast to passed end-of-time on once their event input was idle, and every later event was late.)
     */
    @Test
    void trafficAfterAQuietSpellIsNotLate(@TempDir Path dir) throws Exception {
        AuditConfig config = unboundedConfig("quiet", dir, "PT1S");
        JobClient job = startUnderContractK(config, dir);
        JobID id = job.getJobID();
        long firstHour = 1795341600000L;
        try {
            KAFKA.produce(config.topic("clicks"), underpricedClicks("a", firstHour));
            LiveTraffic.waitFor(
                    () -> metric(id, "adaudit.clicks.accepted") + metric(id, "adaudit.clicks.late") == 3,
                    Duration.ofSeconds(60));
            Thread.sleep(4_000); // every input idle: four times watermark.idleness
            KAFKA.produce(config.topic("clicks"), underpricedClicks("b", firstHour + 3_600_000L));
            LiveTraffic.waitFor(
                    () -> metric(id, "adaudit.clicks.accepted") + metric(id, "adaudit.clicks.late") == 6,
                    Duration.ofSeconds(60));
        } finally {
            job.cancel().get();
        }
        assertEquals(0, metric(id, "adaudit.clicks.late"), "no click was late");
        assertEquals(6, metric(id, "adaudit.clicks.accepted"));
        assertEquals(List.of(), sortedValues(config.topic("late-events")));
    }

    /** Settings of a job that keeps reading its topics, under contract K, with the given idleness. */
    private static AuditConfig unboundedConfig(String run, Path dir, String idleness) {
        Map<String, String> settings = settings(run, dir, dir.resolve("contracts.json"));
        settings.put("kafka.bounded", "false");
        settings.put("watermark.idleness", idleness);
        return AuditConfig.of(settings);
    }

    /** Writes contract K (underpriced against a market of 1.00, two clicks at least) and starts the job on it. */
    private static JobClient startUnderContractK(AuditConfig config, Path dir) throws Exception {
        Path contracts = dir.resolve("contracts.json");
        Files.writeString(
                contracts,
                "[" + ContractJson.contractK("\"underpriced_source\":{\"market_cpc_micros\":1000000,\"min_clicks\":2}")
                        + "]");
        LiveTraffic.createTopics(KAFKA, config);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LiveTraffic.flinkConf(config, 2));
        AdAuditJob.define(env, config, ContractParser.readFile(contracts));
        return env.executeAsync("adaudit-under-contract-k");
    }

    /** Three clicks of source s1 at 0.60 against a market of 1.00, a millisecond apart from {@code from}. */
    private static List<Map.Entry<String, String>> underpricedClicks(String idPrefix, long from) {
        List<Map.Entry<String, String>> clicks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clicks.add(Map.entry(
                    "k",
                    String.format(
                            "{\"event_id\":\"%s%d\",\"ts\":%d,\"campaign_id\":\"c-42\","
                                    + "\"source_id\":\"s1\",\"cost_micros\":600000,\"currency\":\"CNY\"}",
                            idPrefix, i, from + i)));
        }
        return clicks;
    }

    /** The live-test settings, reading each topic up to its end and then finishing. */
    private static Map<String, String> settings(String run, Path dir, Path contracts) {
        Map<String, String> s = LiveTraffic.settings(KAFKA, run, dir, contracts);
        s.put("kafka.bounded", "true");
        s.put("watermark.idleness", "PT1M");
        s.put("checkpoint.interval", "PT1S");
        return s;
    }

    private static JobID runToEnd(AuditConfig config) throws Exception {
        Configuration conf = AdAuditJob.flinkConfiguration(config);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay"); // a test must fail, not retry forever
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        AdAuditJob.define(env, config, ContractParser.readFile(config.contractsFile()));
        return env.execute("adaudit-test").getJobID();
    }

    /** Records keyed by source, in event-time order (lines without a ts keep their place at the front). */
    private static List<Map.Entry<String, String>> inEventTimeOrder(List<String> lines) {
        List<Map.Entry<String, String>> keyed = new ArrayList<>();
        List<String> sorted =
                new ArrayList<>(lines.stream().filter(l -> !l.isBlank()).toList());
        sorted.sort(Comparator.comparingLong(KafkaPipelineIT::tsOrZero));
        for (String line : sorted) {
            keyed.add(Map.entry(String.valueOf(line.hashCode() % 7), line));
        }
        return keyed;
    }

    private static long tsOrZero(String line) {
        try {
            JsonNode ts = JSON.readTree(line).get("ts");
            return ts == null || !ts.isIntegralNumber() ? 0 : ts.asLong();
        } catch (Exception e) {
            return 0;
        }
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file);
    }

    private static List<String> sortedValues(String topic) {
        List<String> values = new ArrayList<>();
        KAFKA.readAll(topic, "read_committed").forEach(r -> values.add(r.value()));
        values.sort(Comparator.naturalOrder());
        return values;
    }

    private static List<JsonNode> values(String topic) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (ConsumerRecord<String, String> r : KAFKA.readAll(topic, "read_committed")) {
            nodes.add(JSON.readTree(r.value()));
        }
        return nodes;
    }
}
