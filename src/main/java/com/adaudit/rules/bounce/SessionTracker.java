package com.adaudit.rules.bounce;

import com.adaudit.events.Click;
import com.adaudit.events.Governance;
import com.adaudit.events.PageView;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by click id: joins a click with its pageviews. A pageview counts when its {@code ts} is
 * in {@code [click ts, click ts + session_timeout]}. Pageviews may come before their click; they
 * wait until no click that could own them can still arrive in time, then they are forgotten
 * (pageviews of unknown clicks are accepted, not evaluated).
 */
public class SessionTracker extends KeyedCoProcessFunction<String, Click, PageView, SessionOutcome> {

    private transient ValueState<Click> click;
    private transient ValueState<Integer> sessionPageviews;
    private transient ListState<Long> waitingPageviews;
    private transient ValueState<Long> waitingUntil;

    @Override
    public void open(OpenContext openContext) {
        click = getRuntimeContext().getState(new ValueStateDescriptor<>("click", TypeInformation.of(Click.class)));
        sessionPageviews = getRuntimeContext().getState(new ValueStateDescriptor<>("session-pageviews", Types.INT));
        waitingPageviews = getRuntimeContext().getListState(new ListStateDescriptor<>("waiting-pageviews", Types.LONG));
        waitingUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-until", Types.LONG));
    }

    @Override
    public void processElement1(Click c, Context ctx, Collector<SessionOutcome> out) throws Exception {
        click.update(c);
        int inSession = 0;
        for (Long pageviewTs : waitingPageviews.get()) {
            if (inSession(c, pageviewTs)) {
                inSession++;
            }
        }
        sessionPageviews.update(inSession);
        waitingPageviews.clear();
        waitingUntil.clear();
        ctx.timerService().registerEventTimeTimer(c.governance().dueAt());
    }

    @Override
    public void processElement2(PageView p, Context ctx, Collector<SessionOutcome> out) throws Exception {
        Click c = click.value();
        if (c != null) {
            if (inSession(c, p.ts())) {
                sessionPageviews.update(sessionPageviews.value() + 1);
            }
            return;
        }
        waitingPageviews.add(p.ts());
        Long until = waitingUntil.value();
        if (until == null || until < p.governance().dueAt()) {
            waitingUntil.update(p.governance().dueAt());
            ctx.timerService().registerEventTimeTimer(p.governance().dueAt());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SessionOutcome> out) throws Exception {
        Click c = click.value();
        if (c != null && timestamp >= c.governance().dueAt()) {
            Governance g = c.governance();
            out.collect(new SessionOutcome(
                    c.eventId(),
                    g.contractId(),
                    c.campaignId(),
                    c.sourceId(),
                    g.windowStart(),
                    g.windowEnd(),
                    g.dueAt(),
                    c.costMicros(),
                    sessionPageviews.value()));
            click.clear();
            sessionPageviews.clear();
            return;
        }
        Long until = waitingUntil.value();
        if (c == null && until != null && timestamp >= until) {
            waitingPageviews.clear();
            waitingUntil.clear();
        }
    }

    /** A click's session timeout: its decision instant is its window end plus the timeout (see Governor). */
    static long sessionTimeout(Click c) {
        return c.governance().dueAt() + 1 - c.governance().windowEnd();
    }

    private static boolean inSession(Click c, long pageviewTs) {
        return pageviewTs >= c.ts() && pageviewTs <= c.ts() + sessionTimeout(c);
    }
}
