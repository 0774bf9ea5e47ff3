package com.adaudit.io.kafka;

import com.adaudit.claims.Claim;
import com.adaudit.config.AuditConfig;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.io.OutputJson;
import com.adaudit.pipeline.AuditSinks;
import com.adaudit.rules.Flag;
import com.adaudit.rules.ivt.IvtTally;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The live job's output topics, all written exactly once in Kafka transactions that commit with
 * each checkpoint: consumers reading {@code read_committed} see every flag and claim once.
 * Flags and claims are keyed by their ids; transactional ids are {@code <prefix>-<topic role>}.
 */
public final class KafkaSinks implements AuditSinks {

    private final AuditConfig config;

    public KafkaSinks(AuditConfig config) {
        this.config = config;
    }

    @Override
    public void flags(DataStream<Flag> flags) {
        flags.sinkTo(sink("flags", new KeyedJsonSerializer<>(config.topic("flags"), Flag::flagId, OutputJson::flag)))
                .uid("kafka-flags")
                .name("kafka-flags");
    }

    @Override
    public void claims(DataStream<Claim> claims) {
        claims.sinkTo(sink(
                        "claims", new KeyedJsonSerializer<>(config.topic("claims"), Claim::claimId, OutputJson::claim)))
                .uid("kafka-claims")
                .name("kafka-claims");
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        deadLetters
                .sinkTo(sink(
                        "dead-letters",
                        new KeyedJsonSerializer<>(config.topic("dead-letters"), d -> null, OutputJson::deadLetter)))
                .uid("kafka-dead-letters")
                .name("kafka-dead-letters");
    }

    @Override
    public void lateEvents(DataStream<LateEvent> lateEvents) {
        lateEvents
                .sinkTo(sink(
                        "late-events",
                        new KeyedJsonSerializer<>(config.topic("late-events"), LateEvent::id, OutputJson::lateEvent)))
                .uid("kafka-late-events")
                .name("kafka-late-events");
    }

    @Override
    public void quality(DataStream<IvtTally> quality) {
        quality.sinkTo(sink(
                        "quality",
                        new KeyedJsonSerializer<>(
                                config.topic("quality"), OutputJson::qualityKey, OutputJson::quality)))
                .uid("kafka-traffic-quality")
                .name("kafka-traffic-quality");
    }

    /** The outputs, by topic role: each has a sink of its own. */
    public static final List<String> OUTPUT_ROLES =
            List.of("flags", "claims", "dead-letters", "late-events", "quality");

    /** The transactional ids of an output's sink begin with this (then subtask and checkpoint). */
    public static String transactionalIdPrefix(AuditConfig config, String role) {
        return config.transactionalIdPrefix() + "-" + role;
    }

    private <T> KafkaSink<T> sink(String role, KeyedJsonSerializer<T> serializer) {
        if (!OUTPUT_ROLES.contains(role)) {
            // the preflight checks the transactional ids of the listed roles only
            throw new IllegalStateException("output role " + role + " is missing from KafkaSinks.OUTPUT_ROLES");
        }
        Properties client = new Properties();
        client.putAll(config.kafkaClient());
        client.setProperty(
                "transaction.timeout.ms",
                Long.toString(config.transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(client)
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix(config, role))
                .build();
    }
}
