package com.adaudit.io.kafka;

import com.adaudit.events.Decoded;
import com.adaudit.events.EventCodec;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.Origin;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes an input topic's record values with the stream's codec. It never throws: a record that
 * does not decode becomes a rejection with its topic, partition and offset, so a poison record
 * is a dead letter, not a job failure.
 */
public final class DecodingDeserializer<E extends InputEvent> implements KafkaRecordDeserializationSchema<Decoded<E>> {

    private static final byte[] EMPTY = new byte[0];

    private final EventStream<E> stream;
    private transient EventCodec<E> codec;

    public DecodingDeserializer(EventStream<E> stream) {
        this.stream = stream;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = stream.newCodec();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Decoded<E>> out) {
        byte[] value = record.value() == null ? EMPTY : record.value();
        out.collect(codec.decode(value, Origin.ofKafka(record.topic(), record.partition(), record.offset())));
    }

    @Override
    public TypeInformation<Decoded<E>> getProducedType() {
        return stream.decodedType();
    }
}
