package com.adaudit.pipeline;

import com.adaudit.events.EventJson;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.StreamKind;
import com.adaudit.io.OutputJson;
import com.adaudit.rules.WindowPartial;
import com.adaudit.rules.WindowVerdict;
import java.io.Serializable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Records that an event-time rule stage (a window or a run matcher) found late although
 * admission let them, or the events they come from, through. That happens when an input channel
 * wakes from idleness behind the others (docs/semantics.md). Instead of Flink dropping them, each
 * becomes a late-events record that names the stage, and is counted in the metric
 * {@code adaudit.late-after-admission.<stage>}.
 */
public final class LateAfterAdmission<T> extends RichMapFunction<T, LateEvent> {

    /** How a stage's late record reads on the late-events output. */
    @FunctionalInterface
    public interface Describe<T> extends Serializable {
        LateEvent describe(T record, String stage);
    }

    public static final String METRIC_GROUP = "late-after-admission";

    private final String stage;
    private final Describe<T> describe;

    private transient Counter late;

    public LateAfterAdmission(String stage, Describe<T> describe) {
        this.stage = stage;
        this.describe = describe;
    }

    @Override
    public void open(OpenContext openContext) {
        late = getRuntimeContext()
                .getMetricGroup()
                .addGroup("adaudit")
                .addGroup(METRIC_GROUP)
                .counter(stage);
    }

    @Override
    public LateEvent map(T record) {
        late.inc();
        return describe.describe(record, stage);
    }

    /** An input event of {@code stream}, as admission writes it. */
    public static LateEvent event(StreamKind stream, InputEvent event, String stage) {
        return LateEvent.of(stream, event, EventJson.encode(event), stage);
    }

    /**
     * Sums over some of a source window's inputs ({@link WindowPartial}), folded before the window
     * stage: one entry for them all, under the source and window, with how many inputs it holds.
     */
    public static <A> Describe<WindowPartial<A>> partial(String stream, String missed) {
        return (p, stage) -> new LateEvent(
                stream,
                String.join(
                        "/",
                        p.key().contractId(),
                        p.key().campaignId(),
                        p.key().sourceId(),
                        OutputJson.time(p.windowStart())),
                OutputJson.windowPartial(p),
                stage,
                missed,
                p.firesAt() + 1);
    }

    /** A window's verdict, under its rule, contract, campaign, source, window start and report. */
    public static LateEvent verdict(WindowVerdict v, String stage) {
        String id = String.join(
                "/",
                v.rule().name(),
                v.contractId(),
                v.campaignId(),
                v.sourceId(),
                OutputJson.time(v.windowStart()),
                v.reportId() == null ? "" : v.reportId());
        return new LateEvent("verdicts", id, OutputJson.verdict(v), stage, null, 0);
    }
}
