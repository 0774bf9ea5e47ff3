package com.adaudit.pipeline;

import static com.adaudit.testing.Instants.HOUR;
import static com.adaudit.testing.Instants.MINUTE;
import static com.adaudit.testing.Instants.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.Rule;
import com.adaudit.events.LateEvent;
import com.adaudit.io.OutputJson;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowPartial;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.rules.bounce.BounceTallyAggregate;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import com.adaudit.testing.Harnesses;
import com.adaudit.testing.Records;
import com.adaudit.testing.Verdicts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.transformations.SideOutputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event-time rule stages as {@link AuditPipeline} builds them: a record that reaches a window
 * or a run matcher after its result was final (an input channel woke from idleness behind the
 * others) goes to the late output with the stage's name, instead of being dropped by Flink.
 */
class LateAfterAdmissionTest {

    private final List<Transformation<?>> stages = new ArrayList<>();
    private DataStream<LateEvent> lateOutput;

    @BeforeEach
    void definePipeline() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AuditPipeline.define(
                env,
                new EmptySources(),
                new LateOutput(),
                ContractBook.of(List.of(Records.K)),
                PipelineSettings.DEFAULTS);
        stages.addAll(env.getTransformations());
    }

    @Test
    void clickPartialLateAtItsWindowGoesToTheLateOutput() throws Exception {
        var late = lateAt(
                "click-tallies",
                AuditPipeline.LATE_CLICKS,
                clickPartial(1),
                T0 + HOUR - 1,
                clickPartial(3),
                T0 + HOUR - 1);
        assertEquals(
                List.of("{\"stream\":\"clicks\",\"stage\":\"click-tallies\",\"missed\":\"window_end\","
                        + "\"deadline\":\"2026-11-22T11:00:00Z\",\"event\":" + PARTIAL_JSON + "3}}"),
                late);
    }

    @Test
    void impressionPartialLateAtItsWindowGoesToTheLateOutput() throws Exception {
        var late = lateAt(
                "impression-tallies",
                AuditPipeline.LATE_IMPRESSIONS,
                new WindowPartial<>(S1, T0, T0 + HOUR - 1, 1, 1L),
                T0 + HOUR - 1,
                new WindowPartial<>(S1, T0, T0 + HOUR - 1, 2, 2L),
                T0 + HOUR - 1);
        assertEquals(
                List.of("{\"stream\":\"impressions\",\"stage\":\"impression-tallies\",\"missed\":\"window_end\","
                        + "\"deadline\":\"2026-11-22T11:00:00Z\",\"event\":" + PARTIAL_JSON + "2}}"),
                late);
    }

    @Test
    void sessionPartialLateAtItsWindowGoesToTheLateOutput() throws Exception {
        long decidedAt = T0 + HOUR + 30 * MINUTE - 1; // as the click governor sets it
        var late = lateAt(
                "bounce-tallies",
                AuditPipeline.LATE_SESSIONS,
                sessionPartial(decidedAt),
                decidedAt,
                sessionPartial(decidedAt),
                decidedAt);
        assertEquals(
                List.of("{\"stream\":\"sessions\",\"stage\":\"bounce-tallies\",\"missed\":\"session_timeout\","
                        + "\"deadline\":\"2026-11-22T11:30:00Z\",\"event\":" + PARTIAL_JSON + "1}}"),
                late);
    }

    @Test
    void verdictLateAtEachRunTrackerGoesToTheLateOutput() throws Exception {
        for (String rule : List.of("underpriced", "bounce")) {
            var late = lateAt(
                    "track-breach-runs-" + rule,
                    AuditPipeline.LATE_VERDICTS,
                    spendBreach(T0),
                    T0 + HOUR,
                    spendBreach(T0 + HOUR),
                    T0 + HOUR);
            assertEquals(
                    List.of("{\"stream\":\"verdicts\",\"stage\":\"track-breach-runs-" + rule + "\",\"event\":"
                            + "{\"rule\":\"UNDERPRICED_SOURCE\",\"status\":\"BREACH\",\"contract_id\":\"K\","
                            + "\"contract_version\":1,\"campaign_id\":\"c-42\",\"source_id\":\"s1\","
                            + "\"window_start\":\"2026-11-22T11:00:00Z\",\"window_end\":\"2026-11-22T12:00:00Z\","
                            + "\"observed\":0.75,\"threshold\":0.70,\"sample_size\":36}}"),
                    late);
        }
        var lateReport = lateAt(
                "track-breach-runs-gap",
                AuditPipeline.LATE_VERDICTS,
                Verdicts.gap("r1", Status.BREACH, T0, 20_000, 15_000, 40_000_000),
                T0 + HOUR,
                Verdicts.gap("r2", Status.BREACH, T0 + HOUR, 20_000, 15_000, 40_000_000),
                T0 + HOUR);
        assertEquals(1, lateReport.size());
    }

    @Test
    void everyStageLateOutputReachesTheLateSink() {
        Set<String> lateStages = new HashSet<>();
        collectLateStages(lateOutput.getTransformation(), lateStages, new HashSet<>());
        assertEquals(
                Set.of(
                        "click-tallies",
                        "impression-tallies",
                        "bounce-tallies",
                        "track-breach-runs-underpriced",
                        "track-breach-runs-bounce",
                        "track-breach-runs-gap",
                        "track-breach-runs-ivt",
                        "ivt-tallies"),
                lateStages);
    }

    /**
     * Feeds the stage {@code uid} a record, a watermark at which its result is final, and a record
     * for the same result; returns the late output's JSON, written through the pipeline's own
     * late-at mapping.
     */
    private <T> List<String> lateAt(String uid, OutputTag<T> tag, T onTime, long finalAt, T late, long lateTs)
            throws Exception {
        OneInputTransformation<T, ?> stage = transformation(uid);
        List<StreamRecord<T>> lateRecords = new ArrayList<>();
        try (var h = Harnesses.open(keyedHarness(stage), null)) {
            h.processElement(onTime, finalAt - 1);
            h.processWatermark(finalAt);
            assertEquals(1, h.extractOutputValues().size(), uid + ": the on-time record's result");
            h.processElement(late, lateTs);
            assertEquals(1, h.extractOutputValues().size(), uid + ": the late record changes nothing");
            var side = h.getSideOutput(tag);
            assertNotNull(side, uid + ": nothing reached the late output");
            lateRecords.addAll(side);
        }
        OneInputTransformation<T, LateEvent> describe = transformation("late-at-" + uid, stage.getName());
        try (var h = Harnesses.open(
                new OneInputStreamOperatorTestHarness<T, LateEvent>(describe.getOperatorFactory(), 1, 1, 0), null)) {
            for (StreamRecord<T> r : lateRecords) {
                h.processElement(r);
            }
            return h.extractOutputValues().stream().map(OutputJson::lateEvent).toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static <K, T> KeyedOneInputStreamOperatorTestHarness<K, T, ?> keyedHarness(OneInputTransformation<T, ?> t)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                t.getOperatorFactory(), (KeySelector<T, K>) t.getStateKeySelector(), (TypeInformation<K>)
                        t.getStateKeyType());
    }

    @SuppressWarnings("unchecked")
    private <T, O> OneInputTransformation<T, O> transformation(String uid) {
        return (OneInputTransformation<T, O>) stages.stream()
                .filter(t -> uid.equals(t.getUid()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + uid));
    }

    /** The late-at mapping fed by the side output of the stage named {@code stageName}. */
    @SuppressWarnings("unchecked")
    private <T> OneInputTransformation<T, LateEvent> transformation(String name, String stageName) {
        return (OneInputTransformation<T, LateEvent>) stages.stream()
                .filter(t -> name.equals(t.getName())
                        && t.getInputs().get(0) instanceof SideOutputTransformation<?> s
                        && stageName.equals(s.getInputs().get(0).getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    /** The stages whose side outputs flow, through a late-at mapping, into the late output. */
    private static void collectLateStages(Transformation<?> t, Set<String> stages, Set<Integer> seen) {
        if (!seen.add(t.getId())) {
            return;
        }
        if (t instanceof SideOutputTransformation<?> side
                && !side.getOutputTag().getId().equals("late-events")) {
            stages.add(side.getInputs().get(0).getUid());
        }
        for (Transformation<?> input : t.getInputs()) {
            collectLateStages(input, stages, seen);
        }
    }

    private static final SourceKey S1 = new SourceKey("K", "c-42", "s1");
    private static final String PARTIAL_JSON = "{\"contract_id\":\"K\",\"campaign_id\":\"c-42\",\"source_id\":\"s1\","
            + "\"window_start\":\"2026-11-22T10:00:00Z\",\"inputs\":";

    private static WindowPartial<ClickTallyAggregate.Sums> clickPartial(long clicks) {
        ClickTallyAggregate.Sums sums = new ClickTallyAggregate.Sums();
        sums.clicks = clicks;
        sums.spendMicros = clicks * 500_000;
        return new WindowPartial<>(S1, T0, T0 + HOUR - 1, clicks, sums);
    }

    private static WindowPartial<BounceTallyAggregate.Sums> sessionPartial(long decidedAt) {
        BounceTallyAggregate.Sums sums = new BounceTallyAggregate.Sums();
        sums.windowEnd = T0 + HOUR;
        sums.clicks = 1;
        sums.spendMicros = 500_000;
        sums.landed = 1;
        sums.bounced = 1;
        return new WindowPartial<>(S1, T0, decidedAt, 1, sums);
    }

    private static WindowVerdict spendBreach(long windowStart) {
        return Verdicts.spend(Rule.UNDERPRICED_SOURCE, Status.BREACH, windowStart, 1, "2.0", windowStart + HOUR);
    }

    /** Keeps the late output's stream; the other outputs are not under test. */
    private final class LateOutput extends NoSinks {
        @Override
        public void lateEvents(DataStream<LateEvent> lateEvents) {
            lateOutput = lateEvents;
        }
    }
}
