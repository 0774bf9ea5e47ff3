package com.adaudit.bench;

import com.adaudit.config.AuditConfig;
import com.adaudit.generate.TrafficStreamer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One benchmark run's own topics, consumer group and transactional ids (all named {@code run-*}),
 * so that runs on one broker never see each other's records.
 */
final class BenchTopics {

    final String run;
    final int partitions;
    private final Admin admin;

    BenchTopics(Admin admin, String run, int partitions) {
        this.admin = admin;
        this.run = run;
        this.partitions = partitions;
    }

    String topic(String role) {
        return run + "-" + role;
    }

    void create() throws ExecutionException, InterruptedException {
        List<NewTopic> topics = new ArrayList<>();
        for (String role : AuditConfig.TOPIC_ROLES) {
            topics.add(
                    role.equals("contracts")
                            ? new NewTopic(topic(role), 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))
                            : new NewTopic(topic(role), partitions, (short) 1));
        }
        admin.createTopics(topics).all().get();
    }

    /** The job's settings that point it at this run's topics, group and transactional ids. */
    List<String> jobSettings() {
        List<String> settings = new ArrayList<>(List.of(
                "--kafka.group-id", run,
                "--kafka.transactional-id-prefix", run,
                "--kafka.starting-offsets", "earliest"));
        for (String role : AuditConfig.TOPIC_ROLES) {
            settings.add("--kafka.topic." + role);
            settings.add(topic(role));
        }
        return settings;
    }

    /** Input records not yet covered by the job's committed offsets (committed at each checkpoint). */
    long inputLag() throws ExecutionException, InterruptedException {
        return inputEnd() - inputCommitted();
    }

    /** Input records the job has committed, i.e. read and checkpointed. */
    long inputCommitted() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(run)
                .partitionsToOffsetAndMetadata()
                .get();
        return inputPartitions().stream()
                .map(committed::get)
                .mapToLong(o -> o == null ? 0 : o.offset())
                .sum();
    }

    long inputEnd() throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest =
                inputPartitions().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
    }

    List<TopicPartition> inputPartitions() {
        List<TopicPartition> result = new ArrayList<>();
        for (String stream : TrafficStreamer.STREAMS) {
            for (int p = 0; p < partitions; p++) {
                result.add(new TopicPartition(topic(stream), p));
            }
        }
        return result;
    }
}
