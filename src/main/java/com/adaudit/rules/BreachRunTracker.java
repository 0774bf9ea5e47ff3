package com.adaudit.rules;

import com.adaudit.contracts.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by (rule, contract, campaign, source): docs/reference.md's {@code consecutive_windows = K}, decided
 * over window order whatever order the verdicts come in. A breaching window is flagged once, as
 * soon as it belongs to a run of at least K adjacent breaching windows; a verdict that comes after
 * later windows' (a vendor report within its grace) joins and completes runs on both sides.
 *
 * <p>Verdicts are taken in event-time order, and those of one instant in window and report order,
 * so the flags are the same in the live job and in the replay, where batch mode hands over records
 * of equal timestamps in any order. For IMPRESSION_GAP a later report of a period replaces its
 * verdict: a period already claimed gets a {@link PeriodRevision} (to {@code periodRevisions}),
 * and a flag when the new report breaches too.
 *
 * <p>State stays small: a window is forgotten once nothing can change it or the run it is in
 * (its run's neighbours are final and do not breach); of a long run only the windows that can
 * still change are kept, the rest counted in {@link RunWindow#carried()}.
 */
public class BreachRunTracker extends KeyedProcessFunction<RunKey, WindowVerdict, Flag> {

    /** Of one instant: window order, then, for reports of one period, report order. */
    static final Comparator<WindowVerdict> DECISION_ORDER = Comparator.comparingLong(WindowVerdict::windowStart)
            .thenComparingLong(WindowVerdict::reportTs)
            .thenComparing(v -> v.reportId() == null ? "" : v.reportId());

    /** The state's name: the key's {@link RunBook}. */
    static final String STATE = "run-windows";

    private final OutputTag<WindowVerdict> lateVerdicts;
    private final OutputTag<PeriodRevision> periodRevisions;

    /** The key's windows and the verdicts waiting for the watermark: one value, read and written once per step. */
    private transient ValueState<RunBook> books;

    private transient Map<Rule, Counter> flagsPerRule;

    public BreachRunTracker(OutputTag<WindowVerdict> lateVerdicts, OutputTag<PeriodRevision> periodRevisions) {
        this.lateVerdicts = lateVerdicts;
        this.periodRevisions = periodRevisions;
    }

    @Override
    public void open(OpenContext openContext) {
        // "run-windows" was a map of windows until 0.x's throughput redesign: Flink refuses a savepoint of it here
        books = getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, TypeInformation.of(RunBook.class)));
        flagsPerRule = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            flagsPerRule.put(rule, flagCounter(getRuntimeContext().getMetricGroup(), rule));
        }
    }

    /** The metric {@code adaudit.flags.<RULE>}: flags issued since the task started. */
    public static Counter flagCounter(MetricGroup operatorGroup, Rule rule) {
        return operatorGroup.addGroup("adaudit").addGroup("flags").counter(rule.name());
    }

    @Override
    public void processElement(WindowVerdict verdict, Context ctx, Collector<Flag> out) throws Exception {
        long at = ctx.timestamp();
        if (at <= ctx.timerService().currentWatermark()) {
            ctx.output(lateVerdicts, verdict); // its window may be forgotten already: it must not flag twice
            return;
        }
        books.update(RunBook.orEmpty(books.value()).holding(at, verdict));
        ctx.timerService().registerEventTimeTimer(at);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Flag> out) throws Exception {
        RunBook book = books.value();
        if (book == null) {
            return; // a window's timer, after the key was forgotten
        }
        TreeMap<Long, RunWindow> windows = book.windowsByStart();
        for (WindowVerdict verdict : book.dueAt(timestamp, DECISION_ORDER)) {
            decide(verdict, timestamp, windows, ctx, out);
        }
        forgetSettled(timestamp, windows);
        RunBook left = book.after(timestamp, windows);
        if (left == null) {
            books.clear();
        } else {
            books.update(left);
        }
    }

    private void decide(
            WindowVerdict verdict, long at, TreeMap<Long, RunWindow> windows, OnTimerContext ctx, Collector<Flag> out) {
        // a report period can change until its grace ends; every other window is final once decided
        long finalAt = verdict.rule() == Rule.IMPRESSION_GAP ? Math.max(at, verdict.settlesAt()) : at;
        RunWindow known = windows.get(verdict.windowStart());
        if (known != null && known.flagged()) {
            if (verdict.rule() == Rule.IMPRESSION_GAP) {
                revise(known.decidedAgain(verdict, finalAt), windows, ctx, out);
            }
            return;
        }
        RunWindow window = known == null ? RunWindow.first(verdict, finalAt) : known.decidedAgain(verdict, finalAt);
        windows.put(window.start(), window);
        if (window.finalAt() > at) { // else this timer's own forgetting sees it final
            ctx.timerService().registerEventTimeTimer(window.finalAt());
        }
        ctx.timerService().registerEventTimeTimer(window.finalAt() + window.size()); // when the next window is final
        if (window.breach()) {
            flagRunOf(window, windows, ctx, out);
        }
    }

    /** A claimed period's later report: a new revision, flagged when it breaches. */
    private void revise(RunWindow window, TreeMap<Long, RunWindow> windows, OnTimerContext ctx, Collector<Flag> out) {
        WindowVerdict previous = windows.get(window.start()).verdict();
        RunWindow revised;
        if (window.breach()) {
            Flag flag = flag(window.verdict(), out);
            revised = window.claimed(flag.flagId());
        } else {
            revised = window.revised();
        }
        windows.put(revised.start(), revised);
        ctx.output(
                periodRevisions,
                new PeriodRevision(revised.verdict(), previous, revised.revisions(), revised.flagIds()));
    }

    /** Flags every window of the run through {@code decided} that the run now qualifies. */
    private void flagRunOf(
            RunWindow decided, TreeMap<Long, RunWindow> windows, OnTimerContext ctx, Collector<Flag> out) {
        List<RunWindow> run = new ArrayList<>();
        run.add(decided);
        for (RunWindow w = before(windows, decided); w != null && w.breach(); w = before(windows, w)) {
            run.add(0, w);
        }
        for (RunWindow w = after(windows, decided); w != null && w.breach(); w = after(windows, w)) {
            run.add(w);
        }
        long length = run.get(0).carried() + run.size();
        for (RunWindow w : run) {
            if (!w.flagged() && length >= w.verdict().consecutiveWindows()) {
                Flag flag = flag(w.verdict(), out);
                RunWindow claimed = w.claimed(flag.flagId());
                windows.put(claimed.start(), claimed);
                if (w.verdict().rule() == Rule.IMPRESSION_GAP) {
                    ctx.output(periodRevisions, new PeriodRevision(w.verdict(), null, 1, claimed.flagIds()));
                }
            }
        }
    }

    private Flag flag(WindowVerdict verdict, Collector<Flag> out) {
        Flag flag = Flag.of(verdict);
        out.collect(flag);
        flagsPerRule.get(verdict.rule()).inc();
        return flag;
    }

    /**
     * Forgets what can no longer change a flag or a claim: final windows that do not breach (a
     * missing window breaks a run as well), runs whose neighbours are final and do not breach,
     * and the final, flagged head of a run that can still grow at its end.
     */
    private static void forgetSettled(long now, TreeMap<Long, RunWindow> byStart) {
        byStart.values().removeIf(w -> !w.breach() && w.finalAt() <= now);
        List<RunWindow> run = new ArrayList<>();
        for (RunWindow w : List.copyOf(byStart.values())) {
            if (!w.breach()) {
                continue;
            }
            RunWindow last = run.isEmpty() ? null : run.get(run.size() - 1);
            if (last != null && last.end() != w.start()) {
                forgetSettledPart(run, byStart, now);
                run.clear();
            }
            run.add(w);
        }
        if (!run.isEmpty()) {
            forgetSettledPart(run, byStart, now);
        }
    }

    private static void forgetSettledPart(List<RunWindow> run, TreeMap<Long, RunWindow> byStart, long now) {
        RunWindow first = run.get(0);
        RunWindow last = run.get(run.size() - 1);
        boolean leftOpen = before(byStart, first) != null; // a window that can still change
        boolean rightOpen = byStart.containsKey(last.end()) || last.finalAt() + last.size() > now;
        boolean allFinal = run.stream().allMatch(w -> w.finalAt() <= now);
        if (allFinal && !leftOpen && !rightOpen) {
            for (RunWindow w : run) {
                byStart.remove(w.start());
            }
            return;
        }
        if (leftOpen) {
            return;
        }
        int forgotten = 0;
        while (forgotten < run.size() - 1
                && run.get(forgotten).flagged()
                && run.get(forgotten).finalAt() <= now) {
            byStart.remove(run.get(forgotten).start());
            forgotten++;
        }
        if (forgotten > 0) {
            RunWindow head = run.get(forgotten);
            long carried = first.carried() + forgotten;
            byStart.put(head.start(), head.carrying(carried));
        }
    }

    /** The window that ends where {@code w} starts, if known. */
    private static RunWindow before(TreeMap<Long, RunWindow> byStart, RunWindow w) {
        Map.Entry<Long, RunWindow> e = byStart.lowerEntry(w.start());
        return e != null && e.getValue().end() == w.start() ? e.getValue() : null;
    }

    /** The window that starts where {@code w} ends, if known. */
    private static RunWindow after(TreeMap<Long, RunWindow> byStart, RunWindow w) {
        return byStart.get(w.end());
    }
}
