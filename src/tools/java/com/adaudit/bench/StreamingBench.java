package com.adaudit.bench;

import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractParser;
import com.adaudit.generate.TrafficStreamer;
import com.adaudit.generate.TrafficStreamer.Timed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmarks of the streaming job through a real Kafka broker with exactly-once sinks. The job
 * runs in a JVM of its own; this process loads the topics and watches the outputs.
 *
 * <ul>
 *   <li><b>throughput</b>: a backlog of generated traffic drained as fast as the job goes: the
 *       highest rate it sustains (its source is never held back by anything but the job itself),
 *       from the moment the backlog becomes visible to the job to the moment the job goes idle
 *       ({@link #drain});
 *   <li><b>latency</b>: the --traffic paced at fractions of that rate, event time accelerated,
 *       after its first tenth sent unpaced to warm the job up; for each flag final in the paced
 *       part, from the moment its result became final in the stream (the first record sent
 *       at or past its final instant plus the out-of-orderness bound, when the watermark may pass
 *       it: the window's end, plus the session timeout for a bounce flag, or the report's arrival
 *       for an impression-gap flag) to the flag on the topic, under read_uncommitted (written) and read_committed (visible); and
 *       each claim's delay from written to visible;
 *   <li><b>state</b>: the size of a completed checkpoint while many (campaign, source) windows are
 *       open, per open window and in total;
 *   <li><b>memory</b>: peak RSS of the job draining hours of traffic at a given backend and heap (parallel GC),
 *       and the checkpoints its log reports failed.
 * </ul>
 *
 * <pre>
 * StreamingBench --bootstrap-servers HOST:PORT --out DIR --traffic DIR [--throughput-traffic DIR]
 *     [--state-traffic DIR] [--memory-traffic DIR] [--phases throughput,latency,state,memory] [--loads 0.5,0.8]
 *     [--parallelism 2] [--checkpoint-interval PT10S] [--memory-heap 448m] [--profile]
 *     [--rate EVENTS_PER_S] [--job-settings key=value,key=value] [--catch-up-timeout PT20M]
 * </pre>
 * Writes {@code DIR/streaming.json}; with {@code --profile}, a JFR recording of each job run too.
 * The throughput phase drains {@code --throughput-traffic} (default: {@code --traffic}).
 * {@code --rate} paces the latency phase from a rate measured before instead of a throughput run;
 * {@code --job-settings} are passed on to every job run (AdAuditJob flags); a job run that has not
 * read all its traffic after {@code --catch-up-timeout} fails the benchmark.
 */
public final class StreamingBench {

    private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long WEEK_MILLIS = 7 * 24 * HOUR_MILLIS;
    /** Above this many cores of CPU the job is draining; below, it is idle or checkpointing. */
    private static final double BUSY_CORES = 1.0;

    private static final String ALL_RULES = "all";

    /**
     * The memory phase's TaskManager, trimmed where the job does not need the defaults: one thread
     * per RocksDB instance for checkpoint files (4 by default; about 555 threads in all, 398 with
     * one) and network buffers of 16 KB in 40 MB (the job asks for 67 MB of 32 KB buffers, which
     * is 34 MB of 16 KB ones). 25 to 46 MiB less peak RSS, the same rate (docs/benchmarks.md,
     * sixth round). And 96 MB of managed memory for RocksDB instead of a local run's 128 MB: a day
     * peaked at 943 and 973 MiB with it, 1,040 MiB without, where every window expires at the end
     * (docs/benchmarks.md, ninth round).
     */
    private static final List<String> LEAN_TASK_MANAGER = List.of(
            "--flink.state.backend.rocksdb.checkpoint.transfer.thread.num", "1",
            "--flink.taskmanager.memory.segment-size", "16kb",
            "--flink.taskmanager.memory.network.min", "40m",
            "--flink.taskmanager.memory.network.max", "40m",
            "--flink.taskmanager.memory.managed.size", "96m");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String bootstrapServers;
    private final Path out;
    private final int parallelism;
    private final Duration checkpointInterval;
    private final Duration catchUpTimeout;
    private final boolean profile;
    private final List<String> extraJobSettings;
    private final Admin admin;

    private StreamingBench(ParameterTool p, Admin admin) {
        this.bootstrapServers = p.getRequired("bootstrap-servers");
        this.out = Path.of(p.getRequired("out"));
        this.parallelism = p.getInt("parallelism", 2);
        this.checkpointInterval = Duration.parse(p.get("checkpoint-interval", "PT10S"));
        this.catchUpTimeout = Duration.parse(p.get("catch-up-timeout", "PT20M"));
        this.profile = p.has("profile");
        this.extraJobSettings = new ArrayList<>();
        for (String setting : p.get("job-settings", "").split(",")) {
            if (!setting.isBlank()) {
                extraJobSettings.add(
                        "--" + setting.substring(0, setting.indexOf('=')).trim());
                extraJobSettings.add(setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        this.admin = admin;
    }

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        Set<String> phases =
                Set.of(p.get("phases", "throughput,latency,state,memory").split(","));
        Map<String, Object> results = new LinkedHashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", p.getRequired("bootstrap-servers")))) {
            StreamingBench bench = new StreamingBench(p, admin);
            results.put("parallelism", bench.parallelism);
            results.put("checkpoint_interval", bench.checkpointInterval.toString());
            results.put("out_of_orderness", OUT_OF_ORDERNESS.toString());
            Path traffic = Path.of(p.getRequired("traffic"));
            results.put("job_settings", p.get("job-settings", ""));
            double fullRate = p.getDouble("rate", 0);
            if (phases.contains("throughput") || (phases.contains("latency") && fullRate == 0)) {
                Path backlog = Path.of(p.get("throughput-traffic", traffic.toString()));
                Map<String, Object> throughput =
                        bench.drain("throughput", backlog, "hashmap", "2g", List.of(), List.of());
                results.put("throughput", throughput);
                fullRate = ((Number) throughput.get("events_per_s")).doubleValue();
            }
            if (phases.contains("latency")) {
                List<Object> latency = new ArrayList<>();
                for (String load : p.get("loads", "0.5,0.8").split(",")) {
                    latency.add(bench.latency(traffic, Double.parseDouble(load), Double.parseDouble(load) * fullRate));
                }
                results.put("latency", latency);
            }
            if (phases.contains("state")) {
                Path stateTraffic = Path.of(p.getRequired("state-traffic"));
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("with_dedup_ids", bench.state("state", stateTraffic, List.of()));
                // ids leave the de-duplication state once the watermark passes ts + horizon: what
                // remains is the windows' own state
                state.put(
                        "windows_only", bench.state("state-windows", stateTraffic, List.of("--dedup.horizon", "PT1S")));
                results.put("state", state);
            }
            if (phases.contains("memory")) {
                results.put(
                        "memory",
                        bench.drain(
                                "memory",
                                Path.of(p.getRequired("memory-traffic")),
                                "rocksdb",
                                p.get("memory-heap", "448m"),
                                // a heap of a few hundred MB in a 1 GiB budget: G1's remembered sets and card
                                // tables took 63 MB of it (NMT, 512m heap), the parallel collector's a few
                                List.of("-XX:+UseParallelGC"),
                                LEAN_TASK_MANAGER));
            }
        }
        Files.createDirectories(Path.of(p.getRequired("out")));
        Files.writeString(Path.of(p.getRequired("out"), "streaming.json"), JSON.writeValueAsString(results));
        System.out.println(JSON.writeValueAsString(results));
    }

    /**
     * Starts the job on fresh topics with the first tenth of the traffic and waits until it has
     * read it (every task open, the user-agent analyzer built, the code compiled), then makes the
     * rest visible to it at once and measures how fast it drains that. The rest is written in one
     * Kafka transaction, which the job (read_committed) sees only when it commits: the load costs
     * the job nothing, and the drain starts at the commit. Committed offsets move only with checkpoints, so they say when the drain is over, not
     * when it ended; the end is the last tenth of a second in which the job used more than
     * {@link #BUSY_CORES} cores. That excludes the checkpoint after the drain, which commits the
     * last offsets and snapshots the state on one core. (Measured between checkpoints instead,
     * the rate of one build ranged from 35k to 180k events/s: a checkpoint's offsets are those of
     * its barrier, taken up to tens of seconds before it completes under backpressure.) The
     * result also gives the JIT compiler's share of the job's CPU in the drain: on 2 cores it is
     * still compiling Flink's record loops a minute after the start (docs/benchmarks.md, eleventh round).
     * {@code settings} are the phase's own AdAudit settings ({@code --key value} pairs).
     */
    private Map<String, Object> drain(
            String run, Path traffic, String backend, String heap, List<String> jvmOptions, List<String> settings)
            throws Exception {
        List<Timed> events = TrafficStreamer.readInEventTimeOrder(traffic);
        BenchTopics topics = topics(run);
        Path log = out.resolve(run + "/job.log");
        try (JobProcess job = JobProcess.start(
                        heap, jvmOptions, jobSettings(topics, traffic, backend, run, settings), log, profile);
                KafkaProducer<String, String> plain = producer(20);
                KafkaProducer<String, String> transactional = transactionalProducer(run)) {
            int warmUp = warmUp(events);
            Sender clock = new Sender(plain, topics);
            clock.closeEveryWindow(events.get(0).ts() - 1);
            events.subList(0, warmUp).forEach(clock::send);
            plain.flush();
            awaitCaughtUp(topics, job, log);
            long before = topics.inputCommitted();

            long loadStart = System.nanoTime();
            transactional.initTransactions();
            transactional.beginTransaction();
            Sender backlog = new Sender(transactional, topics);
            events.subList(warmUp, events.size()).forEach(backlog::send);
            transactional.commitTransaction();
            long start = System.nanoTime();
            double cpuAtStart = job.cpuSeconds();
            double compilerAtStart = job.compilerCpuSeconds();
            // Done when the job has committed the closing clock records: the end offsets may still
            // move past them, by the commit markers, which the coordinator writes after the commit.
            long end = clock.closeEveryWindow(events.get(events.size() - 1).ts() + WEEK_MILLIS);
            log(run + ": " + warmUp + " events to warm up, then " + (events.size() - warmUp) + " loaded in "
                    + seconds(start - loadStart) + " s");

            long deadline = start + catchUpTimeout.toNanos();
            long previous = start;
            double previousCpu = cpuAtStart;
            long busyUntil = start;
            double cpuAtBusyUntil = cpuAtStart;
            double compilerAtBusyUntil = compilerAtStart;
            while (topics.inputCommitted() < end) {
                Thread.sleep(100);
                job.checkAlive(log);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(run + ": the job did not catch up in " + catchUpTimeout);
                }
                long now = System.nanoTime();
                double cpu = job.cpuSeconds();
                if ((cpu - previousCpu) / seconds(now - previous) > BUSY_CORES) {
                    busyUntil = now;
                    cpuAtBusyUntil = cpu;
                    compilerAtBusyUntil = job.compilerCpuSeconds();
                }
                previous = now;
                previousCpu = cpu;
            }
            double wall = seconds(busyUntil - start);
            double cpu = cpuAtBusyUntil - cpuAtStart;
            long drained = end - before;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("events", events.size());
            r.put("state_backend", backend);
            r.put("heap", heap);
            r.put("measured_events", drained);
            r.put("measured_s", round(wall, 1));
            r.put("events_per_s", Math.round(drained / wall));
            r.put("events_per_cpu_s", Math.round(drained / cpu));
            r.put("cpu_percent", Math.round(100 * cpu / wall));
            r.put("jit_compiler_percent_of_cpu", Math.round(100 * (compilerAtBusyUntil - compilerAtStart) / cpu));
            r.put("until_committed_s", round(seconds(System.nanoTime() - start), 1));
            r.put("peak_rss_mib", job.peakRssKib() / 1024);
            long trafficMillis =
                    events.get(events.size() - 1).ts() - events.get(0).ts() + 1;
            r.put("traffic_hours", (trafficMillis + HOUR_MILLIS - 1) / HOUR_MILLIS);
            r.put("failed_checkpoints", failedCheckpoints(log));
            log(run + ": " + r);
            return r;
        }
    }

    /**
     * Streams the traffic at {@code rate} events/s (event time accelerated to match) into a
     * running job and measures flag latency and claim visibility.
     */
    private Map<String, Object> latency(Path traffic, double load, double rate) throws Exception {
        String run = "latency-" + Math.round(load * 100);
        List<Timed> all = TrafficStreamer.readInEventTimeOrder(traffic);
        int warmUp = warmUp(all);
        List<Timed> events = all.subList(warmUp, all.size());
        long firstTs = events.get(0).ts();
        long lastTs = events.get(events.size() - 1).ts();
        double eventMillisPerNano = (double) (lastTs - firstTs) / (events.size() / rate) / 1e9;
        BenchTopics topics = topics(run);
        Path log = out.resolve(run + "/job.log");
        List<OutputWatch> watches = new ArrayList<>();
        try (JobProcess job = JobProcess.start(
                        "2g", List.of(), jobSettings(topics, traffic, "hashmap", run, List.of()), log, profile);
                KafkaProducer<String, String> producer = producer(5)) {
            OutputWatch flagsWritten = watch(watches, topics.topic("flags"), false);
            OutputWatch flagsVisible = watch(watches, topics.topic("flags"), true);
            OutputWatch claimsWritten = watch(watches, topics.topic("claims"), false);
            OutputWatch claimsVisible = watch(watches, topics.topic("claims"), true);
            Sender sender = new Sender(producer, topics);
            // clock records before the traffic, then the warm-up unpaced: once they are committed, the
            // job is running
            sender.closeEveryWindow(all.get(0).ts() - 1);
            all.subList(0, warmUp).forEach(sender::send);
            producer.flush();
            awaitCaughtUp(topics, job, log);

            // event second -> when the first record at or past it was sent
            long[] reachedNanos = new long[(int) ((lastTs - firstTs) / 1000) + 2];
            CpuShares cpu = CpuShares.start(job);
            long start = System.nanoTime();
            int reached = 0;
            for (Timed e : events) {
                long due = start + (long) ((e.ts() - firstTs) / eventMillisPerNano);
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                sender.send(e);
                int second = (int) ((e.ts() - firstTs) / 1000);
                long now = System.nanoTime();
                while (reached <= second) {
                    reachedNanos[reached++] = now;
                }
            }
            double sendSeconds = seconds(System.nanoTime() - start);
            Map<String, Object> cpuWhileSending = cpu.sinceStart();
            sender.closeEveryWindow(lastTs + WEEK_MILLIS);
            producer.flush();
            Arrays.fill(reachedNanos, reached, reachedNanos.length, System.nanoTime());
            long sentAll = System.nanoTime();
            awaitCaughtUp(topics, job, log);
            double caughtUpSeconds = seconds(System.nanoTime() - sentAll);
            awaitQuiet(List.of(flagsVisible, claimsVisible));

            FinalAt finalAt = new FinalAt(ContractParser.readFile(traffic.resolve("contracts.json")), all);
            Map<String, List<Double>> written = flagLatencies(flagsWritten.seen(), finalAt, firstTs, reachedNanos);
            Map<String, List<Double>> visible = flagLatencies(flagsVisible.seen(), finalAt, firstTs, reachedNanos);
            List<Double> claimDelay = new ArrayList<>();
            Map<String, Long> claimsWrittenAt = claimsWritten.seen();
            claimsVisible.seen().forEach((claim, at) -> {
                long writtenAt = claimsWrittenAt.get(claim);
                if (writtenAt >= start) { // the warm-up's claims are left out, as its flags are
                    claimDelay.add((at - writtenAt) / 1e6);
                }
            });

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("load", load);
            r.put("target_events_per_s", Math.round(rate));
            r.put("events", events.size());
            r.put("warm_up_events", warmUp);
            r.put("achieved_events_per_s", Math.round(events.size() / sendSeconds));
            r.put("event_time_speedup", Math.round(eventMillisPerNano * 1e6));
            r.put("caught_up_after_last_send_s", round(caughtUpSeconds, 1));
            r.put("cpu_while_sending", cpuWhileSending);
            r.put("flags", written.get(ALL_RULES).size());
            r.put("flag_written_ms", percentiles(written.get(ALL_RULES)));
            r.put("flag_visible_ms", percentiles(visible.get(ALL_RULES)));
            Map<String, Object> byRule = new LinkedHashMap<>();
            written.forEach((rule, millis) -> {
                if (!rule.equals(ALL_RULES)) {
                    byRule.put(
                            rule,
                            Map.of(
                                    "flags",
                                    millis.size(),
                                    "written_ms",
                                    percentiles(millis),
                                    "visible_ms",
                                    percentiles(visible.getOrDefault(rule, List.of()))));
                }
            });
            r.put("by_rule", byRule);
            r.put("claims", claimDelay.size());
            r.put("claim_written_to_visible_ms", percentiles(claimDelay));
            r.put("peak_rss_mib", job.peakRssKib() / 1024);
            log(run + ": " + r);
            return r;
        } finally {
            for (OutputWatch w : watches) {
                w.close();
            }
        }
    }

    /**
     * Loads the traffic of its first hour, so that every (campaign, source) window of that hour
     * stays open (no record reaches its end), and measures the job's completed checkpoint once it
     * has read it all.
     */
    private Map<String, Object> state(String run, Path traffic, List<String> settings) throws Exception {
        List<Timed> all = TrafficStreamer.readInEventTimeOrder(traffic);
        long hourEnd = (all.get(0).ts() / 3_600_000L + 1) * 3_600_000L;
        List<Timed> events = all.stream().filter(e -> e.ts() < hourEnd).toList();
        Set<String> sourceWindows = new HashSet<>();
        for (Timed e : events) {
            if (e.stream().equals("impressions") || e.stream().equals("clicks")) {
                JsonNode node = JSON.readTree(e.line());
                sourceWindows.add(node.path("campaign_id").asText() + "/"
                        + node.path("source_id").asText());
            }
        }
        BenchTopics topics = topics(run);
        try (KafkaProducer<String, String> producer = producer(20)) {
            Sender sender = new Sender(producer, topics);
            events.forEach(sender::send);
            producer.flush();
        }
        Path checkpoints = out.resolve(run + "/checkpoints");
        Path log = out.resolve(run + "/job.log");
        List<String> jobSettings = jobSettings(topics, traffic, "hashmap", run, List.of());
        jobSettings.addAll(settings);
        try (JobProcess job = JobProcess.start("2g", List.of(), jobSettings, log, profile)) {
            awaitCaughtUp(topics, job, log);
            // the checkpoint that committed the last offsets holds everything read; one more to be sure
            int caughtUpAt = newestCheckpoint(checkpoints);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (newestCheckpoint(checkpoints) < caughtUpAt + 1) {
                job.checkAlive(log);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("state: no checkpoint completed after catching up");
                }
                Thread.sleep(100);
            }
            long bytes = checkpointBytes(checkpoints, newestCheckpoint(checkpoints));
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("job_settings", String.join(" ", settings));
            r.put("events", events.size());
            r.put("open_source_windows", sourceWindows.size());
            r.put("checkpoint_bytes", bytes);
            r.put("bytes_per_open_source_window", Math.round((double) bytes / sourceWindows.size()));
            r.put("bytes_per_event", round((double) bytes / events.size(), 1));
            r.put("peak_rss_mib", job.peakRssKib() / 1024);
            log(run + ": " + r);
            return r;
        }
    }

    /**
     * How many of the first events (in event-time order) warm a job up before it is measured, its
     * code compiled and its state in use: a job in production runs warm, and a cold start is not
     * what a rate or a latency is about.
     */
    private static int warmUp(List<Timed> events) {
        return events.size() / 10;
    }

    /**
     * Each flag's latency in ms, by rule and over {@link #ALL_RULES}: from when the first record at
     * or past its result's final instant plus the out-of-orderness bound was sent; flags final
     * before {@code firstTs} (the warm-up's) are left out.
     */
    private static Map<String, List<Double>> flagLatencies(
            Map<String, Long> flags, FinalAt finalAt, long firstTs, long[] reachedNanos) throws IOException {
        Map<String, List<Double>> byRule = new LinkedHashMap<>();
        byRule.put(ALL_RULES, new ArrayList<>());
        for (Map.Entry<String, Long> flag : flags.entrySet()) {
            JsonNode json = JSON.readTree(flag.getKey());
            long eligible = finalAt.of(json) + OUT_OF_ORDERNESS.toMillis() - firstTs;
            if (eligible < 0) {
                continue; // final during the warm-up
            }
            int second = (int) Math.min(reachedNanos.length - 1, (eligible + 999) / 1000);
            double millis = (flag.getValue() - reachedNanos[second]) / 1e6;
            byRule.get(ALL_RULES).add(millis);
            byRule.computeIfAbsent(json.path("rule").asText(), r -> new ArrayList<>())
                    .add(millis);
        }
        return byRule;
    }

    /**
     * When a flag's result is final in event time (docs/reference.md): UNDERPRICED_SOURCE at its window's
     * end, HIGH_BOUNCE_RATE a session timeout later, IMPRESSION_GAP at its period's end or when its
     * newest report arrived, whichever is later.
     */
    private static final class FinalAt {
        private final ContractBook contracts;
        private final Map<String, Long> newestReportTs = new HashMap<>();

        FinalAt(ContractBook contracts, List<Timed> events) throws IOException {
            this.contracts = contracts;
            for (Timed e : events) {
                if (e.stream().equals("vendor-reports")) {
                    JsonNode report = JSON.readTree(e.line());
                    newestReportTs.merge(
                            report.path("campaign_id").asText() + "/"
                                    + report.path("source_id").asText() + "/"
                                    + report.path("period_end").asLong(),
                            e.ts(),
                            Math::max);
                }
            }
        }

        long of(JsonNode flag) {
            long windowStart = Instant.parse(flag.path("window_start").asText()).toEpochMilli();
            long windowEnd = Instant.parse(flag.path("window_end").asText()).toEpochMilli();
            return switch (flag.path("rule").asText()) {
                case "HIGH_BOUNCE_RATE" -> contracts
                                .byId(flag.path("contract_id").asText())
                                .bounceFinalAt(windowStart)
                        + 1;
                case "IMPRESSION_GAP" -> Math.max(
                        windowEnd,
                        newestReportTs.getOrDefault(
                                flag.path("campaign_id").asText() + "/"
                                        + flag.path("source_id").asText() + "/" + windowEnd,
                                windowEnd));
                default -> windowEnd;
            };
        }
    }

    private static Map<String, Object> percentiles(List<Double> millis) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (millis.isEmpty()) {
            return p;
        }
        double[] sorted =
                millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        p.put("p50", Math.round(sorted[(int) Math.ceil(0.50 * sorted.length) - 1]));
        p.put("p99", Math.round(sorted[(int) Math.ceil(0.99 * sorted.length) - 1]));
        p.put("max", Math.round(sorted[sorted.length - 1]));
        return p;
    }

    private BenchTopics topics(String run) throws ExecutionException, InterruptedException {
        BenchTopics topics = new BenchTopics(admin, run + "-" + System.currentTimeMillis(), parallelism);
        topics.create();
        return topics;
    }

    /** The bench's settings, then {@code phaseSettings}, then {@code --job-settings}, which override both. */
    private List<String> jobSettings(
            BenchTopics topics, Path traffic, String backend, String run, List<String> phaseSettings) {
        List<String> settings = new ArrayList<>(topics.jobSettings());
        settings.addAll(List.of(
                "--kafka.bootstrap-servers", bootstrapServers,
                "--contracts.file", traffic.resolve("contracts.json").toString(),
                "--checkpoint.interval", checkpointInterval.toString(),
                // on disk: the JobManager's memory holds no more than 5 MiB of state
                "--checkpoint.directory",
                        out.resolve(run + "/checkpoints").toUri().toString(),
                "--watermark.out-of-orderness", OUT_OF_ORDERNESS.toString(),
                "--state.backend", backend,
                "--parallelism", Integer.toString(parallelism)));
        settings.addAll(phaseSettings);
        settings.addAll(extraJobSettings);
        return settings;
    }

    /** A producer whose records the job sees only when it commits (a drain's backlog is one transaction). */
    private KafkaProducer<String, String> transactionalProducer(String run) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("linger.ms", "20");
        props.put("batch.size", Integer.toString(256 * 1024));
        props.put("transactional.id", "streaming-bench-" + run);
        props.put("transaction.timeout.ms", Integer.toString(15 * 60_000));
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private KafkaProducer<String, String> producer(int lingerMillis) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("linger.ms", Integer.toString(lingerMillis));
        props.put("batch.size", Integer.toString(256 * 1024));
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private OutputWatch watch(List<OutputWatch> watches, String topic, boolean readCommitted) {
        OutputWatch w = new OutputWatch(bootstrapServers, topic, parallelism, readCommitted);
        watches.add(w);
        return w;
    }

    private void awaitCaughtUp(BenchTopics topics, JobProcess job, Path log) throws Exception {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        while (topics.inputLag() > 0) {
            job.checkAlive(log);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topics.run + ": the job did not catch up in " + catchUpTimeout);
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the watched topics have had nothing new for three checkpoint intervals. */
    private void awaitQuiet(List<OutputWatch> watches) throws InterruptedException {
        Map<OutputWatch, Integer> counts = new HashMap<>();
        while (true) {
            boolean changed = false;
            for (OutputWatch w : watches) {
                changed |= !Integer.valueOf(w.count()).equals(counts.put(w, w.count()));
            }
            if (!changed) {
                return;
            }
            Thread.sleep(3 * checkpointInterval.toMillis());
        }
    }

    /** How many checkpoints the job's log reports as declined, expired or failed (Flink's CheckpointFailureManager). */
    private static long failedCheckpoints(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("Failed to trigger or complete checkpoint"))
                    .count();
        }
    }

    /** The number of the newest completed checkpoint (one with its metadata written) under DIR, or 0. */
    private static int newestCheckpoint(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        return walkingCheckpoints(
                dir, 3, files -> files.filter(f -> f.getFileName().toString().equals("_metadata"))
                        .map(f -> f.getParent().getFileName().toString())
                        .filter(name -> name.startsWith("chk-"))
                        .mapToInt(name -> Integer.parseInt(name.substring(4)))
                        .max()
                        .orElse(0));
    }

    private static long checkpointBytes(Path dir, int checkpoint) throws IOException {
        return walkingCheckpoints(dir, Integer.MAX_VALUE, files -> files.filter(
                        f -> f.toString().contains("/chk-" + checkpoint + "/") && Files.isRegularFile(f))
                .mapToLong(f -> f.toFile().length())
                .sum());
    }

    /**
     * {@code reading} over the files under the checkpoint directory, looked at again when one
     * vanishes under the walk: the job deletes each checkpoint that a newer one subsumes.
     */
    private static <T> T walkingCheckpoints(Path dir, int depth, Function<Stream<Path>, T> reading) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(dir, depth)) {
                return reading.apply(files);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static void log(String message) {
        System.err.println("streaming-bench: " + message);
    }

    /** Sends replay lines to their topics, spread round-robin over each topic's partitions. */
    private static final class Sender {
        private final KafkaProducer<String, String> producer;
        private final BenchTopics topics;
        private final Map<String, Integer> next = new HashMap<>();

        Sender(KafkaProducer<String, String> producer, BenchTopics topics) {
            this.producer = producer;
            this.topics = topics;
        }

        void send(Timed e) {
            int partition = next.merge(e.stream(), 1, Integer::sum) % topics.partitions;
            producer.send(new ProducerRecord<>(topics.topic(e.stream()), partition, null, e.line()));
        }

        /**
         * A clock record at {@code ts} to every partition: every window ending by then closes.
         * Returns, once they are written, the input offsets a job that has read them commits.
         */
        long closeEveryWindow(long ts) throws ExecutionException, InterruptedException {
            List<Future<RecordMetadata>> written = new ArrayList<>();
            for (String stream : TrafficStreamer.STREAMS) {
                for (int p = 0; p < topics.partitions; p++) {
                    written.add(producer.send(new ProducerRecord<>(
                            topics.topic(stream), p, null, TrafficStreamer.clockRecord(stream, ts))));
                }
            }
            long committedAfter = 0;
            for (Future<RecordMetadata> w : written) {
                committedAfter += w.get().offset() + 1;
            }
            return committedAfter;
        }
    }
}
