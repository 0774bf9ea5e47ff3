package com.adaudit.config;

import com.adaudit.pipeline.PipelineSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every setting of the streaming job, typed, with its default. Read from {@code conf/adaudit.properties}
 * (or {@code --config FILE}); each {@code --key value} on the command line overrides the file.
 * {@code kafka.client.*} keys go to the Kafka clients as they are (SASL, TLS, ...), and
 * {@code flink.*} keys to the job's Flink configuration without the prefix (RocksDB tuning; on a
 * run without a cluster, also the local TaskManager's memory). An unknown key or a bad value stops
 * the job at start with a message that names the key.
 */
public record AuditConfig(
        String bootstrapServers,
        String groupId,
        StartingOffsets startingOffsets,
        boolean bounded,
        Map<String, String> topics,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Map<String, String> kafkaClient,
        Map<String, String> flink,
        Duration preflightTimeout,
        int fetchMinBytes,
        Duration fetchMaxWait,
        Duration outOfOrderness,
        Duration idleness,
        Duration watermarkInterval,
        Duration bufferTimeout,
        Path contractsFile,
        Path datacenterRangesFile,
        PipelineSettings pipeline,
        Duration checkpointInterval,
        String checkpointDirectory,
        StateBackend stateBackend,
        int parallelism) {

    /** Where the sources start when there is no checkpoint: committed group offsets (else earliest), earliest, latest. */
    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST
    }

    public enum StateBackend {
        HASHMAP,
        ROCKSDB
    }

    public static final List<String> TOPIC_ROLES = List.of(
            "impressions",
            "clicks",
            "pageviews",
            "vendor-reports",
            "contracts",
            "flags",
            "claims",
            "dead-letters",
            "late-events",
            "quality");

    private static final String KAFKA_CLIENT = "kafka.client.";
    private static final String FLINK = "flink.";

    /** Kafka client keys that AdAudit sets from a typed setting of its own, so that there is one place for each. */
    private static final Map<String, String> TYPED_CLIENT_KEYS = Map.of(
            "fetch.min.bytes", "kafka.fetch-min-bytes",
            "fetch.max.wait.ms", "kafka.fetch-max-wait");

    /** Defaults, one line each; the shipped conf/adaudit.properties documents the same keys. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kafka.bootstrap-servers", "localhost:9092");
        d.put("kafka.group-id", "adaudit");
        d.put("kafka.starting-offsets", "committed");
        d.put("kafka.bounded", "false");
        d.put("kafka.topic.impressions", "impressions");
        d.put("kafka.topic.clicks", "clicks");
        d.put("kafka.topic.pageviews", "pageviews");
        d.put("kafka.topic.vendor-reports", "vendor-reports");
        d.put("kafka.topic.contracts", "contracts");
        d.put("kafka.topic.flags", "fraud-flags");
        d.put("kafka.topic.claims", "compensation-claims");
        d.put("kafka.topic.dead-letters", "dead-letters");
        d.put("kafka.topic.late-events", "late-events");
        d.put("kafka.topic.quality", "traffic-quality");
        d.put("kafka.transactional-id-prefix", "adaudit");
        d.put("kafka.transaction-timeout", "PT15M");
        d.put("kafka.preflight-timeout", "PT30S");
        d.put("kafka.fetch-min-bytes", "65536");
        d.put("kafka.fetch-max-wait", "PT0.05S");
        d.put("watermark.out-of-orderness", "PT5S");
        d.put("watermark.idleness", "PT1M");
        d.put("watermark.interval", "PT0.1S");
        d.put("network.buffer-timeout", "PT0.1S");
        d.put("network.result-buffer-timeout", "PT0S");
        d.put("contracts.file", "conf/contracts.json");
        d.put("dedup.horizon", "PT24H");
        d.put("max-report-period", "P7D");
        d.put("ivt.datacenter-ranges", "conf/datacenter-ranges.txt");
        d.put("checkpoint.interval", "PT10S");
        d.put("checkpoint.directory", "");
        d.put("state.backend", "hashmap");
        // RocksDB, when chosen: most state reads look for a key that is not there (an id seen for the
        // first time, a click with no early pageviews), which a Bloom filter answers without reading
        // a block; filters and indexes in small partitions, so a read loads kilobytes of them, not a
        // file's whole filter; the young levels, rewritten soon, are not compressed (docs/operations.md)
        d.put(FLINK + "state.backend.rocksdb.use-bloom-filter", "true");
        d.put(FLINK + "state.backend.rocksdb.memory.partitioned-index-filters", "true");
        d.put(FLINK + "state.backend.rocksdb.compression.per.level", "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION");
        // Every instance of a slot shares one write-buffer budget; once it is full, RocksDB flushes the
        // memtable that the writing instance filled first, however small, and tiny files stall writes.
        // Memtables of 1 MB stay under the budget and flush themselves; level 1 is sized to what level 0
        // hands it (a level-0 file spans all keys, so each compaction rewrites level 1); and RocksDB's
        // background threads serve the whole process: Flink's 2 give all instances one compaction thread.
        d.put(FLINK + "state.backend.rocksdb.writebuffer.size", "1mb");
        d.put(FLINK + "state.backend.rocksdb.compaction.level.max-size-level-base", "64mb");
        d.put(FLINK + "state.backend.rocksdb.compaction.level.target-file-size-base", "16mb");
        d.put(FLINK + "state.backend.rocksdb.thread.num", "4");
        d.put("parallelism", "2");
        return d;
    }

    /** The config file named by {@code --config} (default {@code conf/adaudit.properties}), then the flags. */
    public static AuditConfig load(String[] args) {
        Map<String, String> flags = flags(args);
        String file = flags.remove("config");
        Map<String, String> values = new TreeMap<>();
        Path path = Path.of(file == null ? "conf/adaudit.properties" : file);
        if (file != null || Files.exists(path)) {
            values.putAll(readFile(path));
        }
        values.putAll(flags);
        return of(values);
    }

    public static AuditConfig of(Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!DEFAULTS.containsKey(key) && !key.startsWith(KAFKA_CLIENT) && !key.startsWith(FLINK)) {
                throw new ConfigException(key, "unknown setting");
            }
        }
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(given);
        Map<String, String> topics = new LinkedHashMap<>();
        for (String role : TOPIC_ROLES) {
            topics.put(role, nonEmpty(v, "kafka.topic." + role));
        }
        Map<String, String> client = prefixed(v, KAFKA_CLIENT);
        TYPED_CLIENT_KEYS.forEach((clientKey, setting) -> {
            if (client.containsKey(clientKey)) {
                throw new ConfigException(KAFKA_CLIENT + clientKey, "set " + setting + " instead");
            }
        });
        Duration fetchMaxWait = nonNegative(v, "kafka.fetch-max-wait");
        if (fetchMaxWait.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigException("kafka.fetch-max-wait", "must be at most " + Integer.MAX_VALUE + " ms");
        }
        Map<String, String> flink = prefixed(v, FLINK);
        Duration checkpoint = positive(v, "checkpoint.interval");
        Duration transactionTimeout = positive(v, "kafka.transaction-timeout");
        if (transactionTimeout.compareTo(checkpoint) <= 0) {
            throw new ConfigException("kafka.transaction-timeout", "must be longer than checkpoint.interval");
        }
        StateBackend backend = choice(v, "state.backend", StateBackend.class);
        return new AuditConfig(
                nonEmpty(v, "kafka.bootstrap-servers"),
                nonEmpty(v, "kafka.group-id"),
                choice(v, "kafka.starting-offsets", StartingOffsets.class),
                bool(v, "kafka.bounded"),
                topics,
                nonEmpty(v, "kafka.transactional-id-prefix"),
                transactionTimeout,
                client,
                flink,
                nonNegative(v, "kafka.preflight-timeout"),
                positiveInt(v, "kafka.fetch-min-bytes"),
                fetchMaxWait,
                nonNegative(v, "watermark.out-of-orderness"),
                positive(v, "watermark.idleness"),
                positive(v, "watermark.interval"),
                nonNegative(v, "network.buffer-timeout"),
                Path.of(nonEmpty(v, "contracts.file")),
                Path.of(nonEmpty(v, "ivt.datacenter-ranges")),
                PipelineSettings.DEFAULTS
                        .withDedupHorizon(positive(v, "dedup.horizon"))
                        .withMaxReportPeriod(positive(v, "max-report-period"))
                        .withStateOnHeap(backend == StateBackend.HASHMAP)
                        .withResultBufferTimeout(nonNegative(v, "network.result-buffer-timeout")),
                checkpoint,
                v.get("checkpoint.directory").trim(),
                backend,
                positiveInt(v, "parallelism"));
    }

    public String topic(String role) {
        return topics.get(role);
    }

    /**
     * The keys under {@code prefix}, without it. A value may be empty: Kafka's
     * {@code ssl.endpoint.identification.algorithm=} turns host name checks off that way.
     */
    private static Map<String, String> prefixed(Map<String, String> v, String prefix) {
        Map<String, String> found = new TreeMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                if (key.length() == prefix.length()) {
                    throw new ConfigException(key, "needs a key after '" + prefix + "'");
                }
                found.put(key.substring(prefix.length()), value);
            }
        });
        return found;
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new ConfigException(args[i], "expected --key value pairs");
            }
            flags.put(args[i].substring(2), args[++i]);
        }
        return flags;
    }

    private static Map<String, String> readFile(Path path) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
        return values;
    }

    private static String nonEmpty(Map<String, String> v, String key) {
        String value = v.get(key).trim();
        if (value.isEmpty()) {
            throw new ConfigException(key, "must not be empty");
        }
        return value;
    }

    private static int positiveInt(Map<String, String> v, String key) {
        String value = v.get(key).trim();
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "must be a whole number, not '" + value + "'");
        }
        if (n < 1) {
            throw new ConfigException(key, "must be at least 1");
        }
        return n;
    }

    private static boolean bool(Map<String, String> v, String key) {
        String value = v.get(key).trim();
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(key, "must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static <T extends Enum<T>> T choice(Map<String, String> v, String key, Class<T> type) {
        String value = v.get(key).trim();
        for (T c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw new ConfigException(
                key,
                "must be one of " + List.of(type.getEnumConstants()).toString().toLowerCase() + ", not '" + value
                        + "'");
    }

    private static Duration duration(Map<String, String> v, String key) {
        String value = v.get(key).trim();
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "must be an ISO-8601 duration such as PT10S, not '" + value + "'");
        }
    }

    private static Duration positive(Map<String, String> v, String key) {
        Duration d = duration(v, key);
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(key, "must be positive");
        }
        return d;
    }

    private static Duration nonNegative(Map<String, String> v, String key) {
        Duration d = duration(v, key);
        if (d.isNegative()) {
            throw new ConfigException(key, "must not be negative");
        }
        return d;
    }
}
