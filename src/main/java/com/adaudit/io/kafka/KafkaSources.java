package com.adaudit.io.kafka;

import com.adaudit.config.AuditConfig;
import com.adaudit.events.Decoded;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.RawRecord;
import com.adaudit.pipeline.AuditSources;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The live job's input: one Kafka source per topic. Records are decoded in the source so that
 * watermarks follow event time per partition (bounded out-of-orderness, idle partitions
 * excluded); rejected records carry no event time and never move a watermark.
 */
public final class KafkaSources implements AuditSources {

    private final AuditConfig config;

    public KafkaSources(AuditConfig config) {
        this.config = config;
    }

    @Override
    public <E extends InputEvent> DataStream<Decoded<E>> events(StreamExecutionEnvironment env, EventStream<E> stream) {
        String role = stream.kind().wireName();
        KafkaSource<Decoded<E>> source = builder(new DecodingDeserializer<>(stream), role, startingOffsets())
                .build();
        WatermarkStrategy<Decoded<E>> eventTime = WatermarkStrategy.<Decoded<E>>forBoundedOutOfOrderness(
                        config.outOfOrderness())
                .withIdleness(config.idleness())
                .withTimestampAssigner((decoded, kafkaTimestamp) -> decoded.eventTimeOrMin());
        String name = "kafka-" + role;
        return env.fromSource(source, eventTime, name, stream.decodedType()).uid(name);
    }

    /** The compacted contracts topic is always read from its start: every version counts. */
    @Override
    public DataStream<RawRecord> contractUpdates(StreamExecutionEnvironment env) {
        KafkaSource<RawRecord> source = builder(new RawRecordDeserializer(), "contracts", OffsetsInitializer.earliest())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka-contracts")
                .uid("kafka-contracts");
    }

    private <T> KafkaSourceBuilder<T> builder(
            org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema<T>
                    deserializer,
            String role,
            OffsetsInitializer start) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setProperties(consumerProperties(config))
                .setBootstrapServers(config.bootstrapServers())
                .setGroupId(config.groupId())
                .setTopics(config.topic(role))
                .setStartingOffsets(start)
                .setDeserializer(deserializer);
        if (config.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder;
    }

    /** The sources' consumer properties: the operator's {@code kafka.client.*}, then what AdAudit needs. */
    static Properties consumerProperties(AuditConfig config) {
        Properties client = new Properties();
        client.putAll(config.kafkaClient());
        // the job reads transactional producers' topics: only committed records count
        client.setProperty("isolation.level", "read_committed");
        // a fetch waits a little for more records: fewer, fuller fetches cost the broker and the job
        // less CPU per record than one fetch per handful of records (docs/benchmarks.md, tenth round)
        client.setProperty("fetch.min.bytes", Integer.toString(config.fetchMinBytes()));
        client.setProperty(
                "fetch.max.wait.ms", Long.toString(config.fetchMaxWait().toMillis()));
        return client;
    }

    private OffsetsInitializer startingOffsets() {
        return switch (config.startingOffsets()) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
