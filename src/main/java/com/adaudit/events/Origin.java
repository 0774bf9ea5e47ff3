package com.adaudit.events;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Where a record came from: a replay file and line, or a Kafka topic, partition and offset.
 * Unused members are {@code null} / -1.
 */
@TypeInfo(OriginSerializer.Factory.class)
public record Origin(String file, long line, String topic, int partition, long offset) {

    public static Origin ofFile(String file, long line) {
        return new Origin(file, line, null, -1, -1L);
    }

    public static Origin ofKafka(String topic, int partition, long offset) {
        return new Origin(null, -1L, topic, partition, offset);
    }
}
