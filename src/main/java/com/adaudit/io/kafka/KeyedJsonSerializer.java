package com.adaudit.io.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an output record as its JSON, keyed by its id (flag_id, claim_id, ...), so that a
 * compacted topic keeps the latest revision and consumers can de-duplicate on the key. The
 * Kafka timestamp is left to the producer (when it was emitted): event time is in the JSON, and
 * brokers refuse timestamps far from their clock, as a replayed or accelerated stream has.
 */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, String> json;

    /** {@code key} may return {@code null} for records without an id. */
    public KeyedJsonSerializer(
            String topic, SerializableFunction<T, String> key, SerializableFunction<T, String> json) {
        this.topic = topic;
        this.key = key;
        this.json = json;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        String id = key.apply(record);
        return new ProducerRecord<>(
                topic,
                null,
                null,
                id == null ? null : id.getBytes(StandardCharsets.UTF_8),
                json.apply(record).getBytes(StandardCharsets.UTF_8));
    }
}
