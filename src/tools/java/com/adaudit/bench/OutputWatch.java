package com.adaudit.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads an output topic from its start on a thread of its own and notes when each record was
 * first seen (System.nanoTime), under read_committed or read_uncommitted.
 */
final class OutputWatch implements AutoCloseable {

    private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutputWatch(String bootstrapServers, String topic, int partitions, boolean readCommitted) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
        props.put("fetch.max.wait.ms", "10");
        thread = new Thread(
                () -> {
                    try (KafkaConsumer<String, String> consumer =
                            new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                        List<TopicPartition> assigned = IntStream.range(0, partitions)
                                .mapToObj(p -> new TopicPartition(topic, p))
                                .toList();
                        consumer.assign(assigned);
                        consumer.seekToBeginning(assigned);
                        while (running) {
                            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                                firstSeenNanos.putIfAbsent(r.value(), System.nanoTime());
                            }
                        }
                    }
                },
                "watch-" + topic + (readCommitted ? "-committed" : "-uncommitted"));
        thread.setDaemon(true);
        thread.start();
    }

    /** Each record value seen so far with when it was first seen. */
    Map<String, Long> seen() {
        return Map.copyOf(firstSeenNanos);
    }

    int count() {
        return firstSeenNanos.size();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
