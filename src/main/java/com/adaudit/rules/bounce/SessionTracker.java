package com.adaudit.rules.bounce;

import com.adaudit.events.Click;
import com.adaudit.events.Governance;
import com.adaudit.events.IdSerializer;
import com.adaudit.events.PageView;
import com.adaudit.events.Shards;
import com.adaudit.ids.ShardTimers;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by the {@link Shards shard} of the click id: joins each click with its pageviews. A
 * pageview counts when its {@code ts} is in {@code [click ts, click ts + session_timeout]}.
 * Pageviews may come before their click; they wait until no click that could own them can still
 * arrive in time, then they are forgotten (pageviews of unknown clicks are accepted, not
 * evaluated).
 *
 * <p>A shard keeps its clicks' open sessions and its waiting pageviews in maps by click id, and
 * decides them with one timer per instant: sessions are decided when their window's bounce result
 * is final, which is one instant for every click of a window, so a shard has a timer per window
 * rather than one per click, and a fixed-length key.
 */
public class SessionTracker extends KeyedCoProcessFunction<Short, Click, PageView, SessionOutcome> {

    /** A click's session so far: its outcome if decided now, and the click's own time. */
    public record OpenSession(SessionOutcome soFar, long clickTs) {

        static OpenSession of(Click c, int pageviews) {
            Governance g = c.governance();
            return new OpenSession(
                    new SessionOutcome(
                            c.eventId(),
                            g.contractId(),
                            c.campaignId(),
                            c.sourceId(),
                            g.windowStart(),
                            g.windowEnd(),
                            g.dueAt(),
                            c.costMicros(),
                            pageviews),
                    c.ts());
        }

        /** Within {@code [click ts, click ts + timeout]}; the decision instant is the window end plus the timeout. */
        boolean inSession(long pageviewTs) {
            long timeout = soFar.decidedAt() + 1 - soFar.windowEnd();
            return pageviewTs >= clickTs && pageviewTs <= clickTs + timeout;
        }

        OpenSession withOneMore() {
            SessionOutcome o = soFar;
            return new OpenSession(
                    new SessionOutcome(
                            o.clickId(),
                            o.contractId(),
                            o.campaignId(),
                            o.sourceId(),
                            o.windowStart(),
                            o.windowEnd(),
                            o.decidedAt(),
                            o.costMicros(),
                            o.pageviews() + 1),
                    clickTs);
        }
    }

    /** Pageviews of a click not seen yet: their times, and when no owner can come any more. */
    public record WaitingPageviews(long[] timestamps, long until) {

        WaitingPageviews plus(long ts, long dueAt) {
            long[] more = Arrays.copyOf(timestamps, timestamps.length + 1);
            more[timestamps.length] = ts;
            return new WaitingPageviews(more, Math.max(until, dueAt));
        }
    }

    /** On the heap a map emptied through its iterator stays an entry of state; in RocksDB it is gone, and asking costs a seek. */
    private final boolean stateOnHeap;

    private transient MapState<String, OpenSession> sessions;
    private transient MapState<String, WaitingPageviews> waiting;
    private transient ShardTimers decisionTimers;

    public SessionTracker(boolean stateOnHeap) {
        this.stateOnHeap = stateOnHeap;
    }

    @Override
    public void open(OpenContext openContext) {
        sessions = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "open-sessions",
                        IdSerializer.INSTANCE,
                        getRuntimeContext().createSerializer(TypeInformation.of(OpenSession.class))));
        waiting = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "waiting-pageviews",
                        IdSerializer.INSTANCE,
                        getRuntimeContext().createSerializer(TypeInformation.of(WaitingPageviews.class))));
        decisionTimers = new ShardTimers();
    }

    @Override
    public void processElement1(Click c, Context ctx, Collector<SessionOutcome> out) throws Exception {
        OpenSession session = OpenSession.of(c, 0);
        WaitingPageviews early = waiting.get(c.eventId());
        if (early != null) {
            int inSession = 0;
            for (long pageviewTs : early.timestamps()) {
                if (session.inSession(pageviewTs)) {
                    inSession++;
                }
            }
            session = OpenSession.of(c, inSession);
            waiting.remove(c.eventId());
        }
        sessions.put(c.eventId(), session);
        decisionTimers.register(ctx.getCurrentKey(), c.governance().dueAt(), ctx.timerService());
    }

    @Override
    public void processElement2(PageView p, Context ctx, Collector<SessionOutcome> out) throws Exception {
        OpenSession session = sessions.get(p.clickId());
        if (session != null) {
            if (session.inSession(p.ts())) {
                sessions.put(p.clickId(), session.withOneMore());
            }
            return;
        }
        WaitingPageviews early = waiting.get(p.clickId());
        waiting.put(
                p.clickId(),
                early == null
                        ? new WaitingPageviews(
                                new long[] {p.ts()}, p.governance().dueAt())
                        : early.plus(p.ts(), p.governance().dueAt()));
        decisionTimers.register(ctx.getCurrentKey(), p.governance().dueAt(), ctx.timerService());
    }

    /**
     * Decides the shard's sessions due by now and forgets pageviews whose click can no longer come;
     * once the input has ended, everything in one pass, as the timers one by one would.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionOutcome> out) throws Exception {
        long dueBy = ShardTimers.inputEnded(ctx.timerService()) ? Long.MAX_VALUE : timestamp;
        boolean sessionsLeft = false;
        for (Iterator<Map.Entry<String, OpenSession>> it = sessions.iterator(); it.hasNext(); ) {
            SessionOutcome outcome = it.next().getValue().soFar();
            if (outcome.decidedAt() <= dueBy) {
                out.collect(outcome);
                it.remove();
            } else {
                sessionsLeft = true;
            }
        }
        boolean waitingLeft = false;
        for (Iterator<WaitingPageviews> it = waiting.values().iterator(); it.hasNext(); ) {
            if (it.next().until() <= dueBy) {
                it.remove();
            } else {
                waitingLeft = true;
            }
        }
        if (stateOnHeap && !sessionsLeft) {
            sessions.clear();
        }
        if (stateOnHeap && !waitingLeft) {
            waiting.clear();
        }
    }
}
