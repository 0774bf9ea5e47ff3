package com.adaudit.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints every record value of a topic as it is now, one a line, then exits.
 *
 * <pre>TopicDump --bootstrap-servers HOST:PORT --topic T [--isolation read_committed|read_uncommitted]
 *     [--config FILE] [--kafka.client.KEY VALUE ...]</pre>
 */
public final class TopicDump {

    private TopicDump() {}

    public static void main(String[] args) {
        ParameterTool p = ParameterTool.fromArgs(args);
        Properties props = ToolClients.properties(args);
        props.put("isolation.level", p.get("isolation", "read_committed"));
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(p.getRequired("topic"))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> System.out.println(r.value()));
            }
        }
    }
}
