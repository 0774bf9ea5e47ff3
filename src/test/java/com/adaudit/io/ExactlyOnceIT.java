package com.adaudit.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adaudit.claims.Claim;
import com.adaudit.config.AuditConfig;
import com.adaudit.contracts.ContractParser;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.io.kafka.KafkaSinks;
import com.adaudit.io.kafka.KafkaSources;
import com.adaudit.pipeline.AuditPipeline;
import com.adaudit.pipeline.AuditSinks;
import com.adaudit.rules.Flag;
import com.adaudit.testing.FlinkCluster;
import com.adaudit.testing.KafkaBroker;
import com.adaudit.testing.LiveTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: generated traffic streams in hour by hour while three failures
 * are injected into the claims path, each right after a checkpoint and while claims of the
 * next checkpoint are already in an open transaction. Under read_committed every claim of the
 * replay of the same events is on the topic exactly once; read_uncommitted also sees the aborted
 * copies, which shows the test can tell.
 */
class ExactlyOnceIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @RegisterExtension
    static final MiniClusterExtension FLINK = FlinkCluster.create();

    static final int FAILURES = 3;
    static final AtomicInteger INJECTED = new AtomicInteger();
    static final List<Integer> FAILED_AT_CLAIM = Collections.synchronizedList(new ArrayList<>());
    static final AtomicInteger CLAIMS_SEEN = new AtomicInteger();
    static final AtomicLong LAST_FAILURE = new AtomicLong();
    static final AtomicLong LAST_CHECKPOINT = new AtomicLong();
    /** How long a failure waits for the claims before it to reach the broker: many times the producer's linger.ms. */
    static final long SEND_WAIT_MILLIS = 300;

    @Test
    void everyClaimExactlyOnceAcrossThreeFailures(@TempDir Path dir) throws Exception {
        LiveTraffic traffic = LiveTraffic.generate(dir);
        List<String> expected = traffic.expectedClaims;
        assertTrue(expected.size() >= 10, "the traffic has claims to lose or repeat: " + expected.size());
        AuditConfig config = AuditConfig.of(LiveTraffic.settings(KAFKA, "eos", dir, traffic.contracts));
        LiveTraffic.createTopics(KAFKA, config);

        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(LiveTraffic.flinkConf(config, 10));
        env.setParallelism(config.parallelism());
        AuditPipeline.define(
                env,
                new KafkaSources(config),
                new FailingClaims(new KafkaSinks(config)),
                ContractParser.readFile(traffic.contracts),
                config.pipeline());
        JobClient job = env.executeAsync("adaudit-exactly-once");
        try {
            // an hour at a time, and never into a job that is still recovering: a restart takes seconds on a
            // loaded machine, and hours sent meanwhile would arrive as one burst with no checkpoint inside it
            for (int hour = 0; hour < traffic.hourCount(); hour++) {
                traffic.produceHours(KAFKA, config, hour, hour + 1, Duration.ofMillis(700));
                LiveTraffic.waitFor(FailAfterCheckpoint::recovered, Duration.ofSeconds(60));
            }
            traffic.closeAllWindows(KAFKA, config);
            LiveTraffic.waitFor(
                    () -> LiveTraffic.committedClaims(KAFKA, config).size() >= expected.size(),
                    Duration.ofSeconds(120));
        } finally {
            job.cancel().get();
        }

        List<String> committed = LiveTraffic.committedClaims(KAFKA, config);
        assertEquals(
                List.of(),
                KAFKA.readAll(config.topic("late-events"), "read_committed").stream()
                        .map(ConsumerRecord::value)
                        .toList(),
                "nothing was late, so the replay's claims are the reference");
        assertEquals(expected, committed, "every claim exactly once under read_committed");
        assertEquals(FAILURES, INJECTED.get(), "three failures were injected");
        assertEquals(FAILURES, FAILED_AT_CLAIM.stream().distinct().count(), "at different points: " + FAILED_AT_CLAIM);
        int uncommitted =
                KAFKA.readAll(config.topic("claims"), "read_uncommitted").size();
        System.out.printf(
                "exactly-once: %d claims committed once each; failures injected at claims %s;"
                        + " read_uncommitted sees %d records%n",
                committed.size(), FAILED_AT_CLAIM, uncommitted);
        assertTrue(
                uncommitted > committed.size(),
                "read_uncommitted sees the aborted copies: " + uncommitted + " vs " + committed.size());
    }

    /** The Kafka sinks, with failures injected into the claims path. */
    private record FailingClaims(AuditSinks kafka) implements AuditSinks {
        @Override
        public void flags(DataStream<Flag> flags) {
            kafka.flags(flags);
        }

        @Override
        public void claims(DataStream<Claim> claims) {
            kafka.claims(claims.map(new FailAfterCheckpoint()).name("inject-failures"));
        }

        @Override
        public void deadLetters(DataStream<DeadLetter> deadLetters) {
            kafka.deadLetters(deadLetters);
        }

        @Override
        public void lateEvents(DataStream<LateEvent> lateEvents) {
            kafka.lateEvents(lateEvents);
        }

        @Override
        public void quality(DataStream<com.adaudit.rules.ivt.IvtTally> quality) {
            kafka.quality(quality);
        }
    }

    /**
     * Fails on a claim when a checkpoint has completed in this attempt and another claim has
     * already gone into the transaction opened after it, until three failures were injected.
     */
    static final class FailAfterCheckpoint extends RichMapFunction<Claim, Claim> implements CheckpointListener {
        private transient boolean checkpointed;
        private transient int sinceCheckpoint;

        @Override
        public void open(OpenContext openContext) {
            checkpointed = false;
            sinceCheckpoint = 0;
        }

        @Override
        public Claim map(Claim claim) {
            int seen = CLAIMS_SEEN.incrementAndGet();
            // one atomic step: two subtasks must not both take the last failure (nor count a fourth)
            if (checkpointed
                    && sinceCheckpoint >= 1
                    && INJECTED.getAndUpdate(n -> n < FAILURES ? n + 1 : n) < FAILURES) {
                FAILED_AT_CLAIM.add(seen);
                // the claims passed on since the checkpoint sit in the producer's buffer until its own
                // thread sends them (linger.ms): without the wait, a claim of the same burst failed before
                // they reached the broker, the abort left nothing for read_uncommitted to see, and the
                // test's check that it can tell failed now and then
                awaitSent();
                LAST_FAILURE.set(System.nanoTime());
                throw new IllegalStateException("injected failure " + INJECTED.get() + " at claim " + seen);
            }
            sinceCheckpoint++;
            return claim;
        }

        private static void awaitSent() {
            try {
                Thread.sleep(SEND_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
            sinceCheckpoint = 0;
            LAST_CHECKPOINT.set(System.nanoTime());
        }

        /** No failure yet, or a checkpoint has completed since the last one: the job runs again. */
        static boolean recovered() {
            return LAST_FAILURE.get() == 0 || LAST_CHECKPOINT.get() > LAST_FAILURE.get();
        }
    }
}
