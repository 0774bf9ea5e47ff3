package com.adaudit.io.kafka;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an output record as its JSON, keyed by its id (flag_id, claim_id, ...), so that a
 * compacted topic keeps the latest revision and consumers can de-duplicate on the key. The
 * Kafka timestamp is left to the producer (when it was emitted): event time is in the JSON, and
 * brokers refuse timestamps far from their clock, as a replayed or accelerated stream has.
 */
public final class KeyedJsonSerializer<T> implements KafkaRecordSerializationSchema<T> {

    /** The record's key and its JSON. */
    public interface Encoder<T> extends Serializable {
        String key(T record);

        String json(T record);
    }

    private final String topic;
    private final Encoder<T> encoder;

    public KeyedJsonSerializer(String topic, Encoder<T> encoder) {
        this.topic = topic;
        this.encoder = encoder;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        String key = encoder.key(record);
        return new ProducerRecord<>(topic, null, null,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                encoder.json(record).getBytes(StandardCharsets.UTF_8));
    }
}
