package com.adaudit.rules;

import com.adaudit.contracts.Contract;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.util.Collector;

/**
 * The CEP pattern of {@code consecutive_windows = K}: K breaching windows of one (rule,
 * contract, campaign, source), each starting where the previous one ended, with no other verdict
 * in between (a passing or not-evaluable window breaks the run; so does a window with no data,
 * which leaves a hole). K comes from the contract terms each verdict carries, so one pattern
 * serves every contract and a contract update applies from its next window on.
 *
 * <p>A run longer than K matches once per window past the (K-1)-th: {@code noSkip} keeps the
 * overlapping matches, and {@link FlagIssuer} flags each window once. Partial runs are bounded
 * to K-1 windows and expire after {@link Contract#MAX_RUN_SPAN}.
 */
public final class BreachRuns {

    static final String RUN = "run";
    static final String COMPLETES = "completes";

    private BreachRuns() {}

    public static Pattern<WindowVerdict, WindowVerdict> pattern() {
        return Pattern.<WindowVerdict>begin(RUN, AfterMatchSkipStrategy.noSkip())
                .where(new ExtendsRun())
                .oneOrMore()
                .consecutive()
                .optional()
                .next(COMPLETES)
                .where(new CompletesRun())
                .within(Contract.MAX_RUN_SPAN);
    }

    /** A breach adjacent to the run so far, which still needs more windows after this one. */
    static final class ExtendsRun extends IterativeCondition<WindowVerdict> {
        @Override
        public boolean filter(WindowVerdict v, Context<WindowVerdict> ctx) throws Exception {
            return continuesRun(v, ctx.getEventsForPattern(RUN), v.consecutiveWindows() - 1);
        }
    }

    /** A breach adjacent to a run of K-1 windows (or, for K = 1, any breach). */
    static final class CompletesRun extends IterativeCondition<WindowVerdict> {
        @Override
        public boolean filter(WindowVerdict v, Context<WindowVerdict> ctx) throws Exception {
            Iterable<WindowVerdict> run = ctx.getEventsForPattern(RUN);
            return continuesRun(v, run, Integer.MAX_VALUE) && size(run) == v.consecutiveWindows() - 1;
        }
    }

    /** {@code v} breaches, starts where the run's last window ends, and the run is shorter than {@code limit}. */
    private static boolean continuesRun(WindowVerdict v, Iterable<WindowVerdict> run, int limit) {
        if (!v.isBreach()) {
            return false;
        }
        WindowVerdict last = null;
        int size = 0;
        for (Iterator<WindowVerdict> it = run.iterator(); it.hasNext(); size++) {
            last = it.next();
        }
        return size < limit && (last == null || last.windowEnd() == v.windowStart());
    }

    private static int size(Iterable<WindowVerdict> run) {
        int size = 0;
        for (WindowVerdict ignored : run) {
            size++;
        }
        return size;
    }

    /** Emits every window of a match, in window order. */
    public static final class EmitRun extends PatternProcessFunction<WindowVerdict, WindowVerdict> {
        @Override
        public void processMatch(Map<String, List<WindowVerdict>> match, Context ctx, Collector<WindowVerdict> out) {
            match.getOrDefault(RUN, List.of()).forEach(out::collect);
            match.get(COMPLETES).forEach(out::collect);
        }
    }
}
