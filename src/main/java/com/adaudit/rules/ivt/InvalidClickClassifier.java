package com.adaudit.rules.ivt;

import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.Click;
import com.adaudit.events.Governance;
import com.adaudit.rules.EventTimeBuffer;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Keyed by {@link DuplicateKey}: gives each accepted click of a contract with INVALID_TRAFFIC its
 * GIVT category, the first that applies: a bot user agent, a data-centre ip, a duplicate (an
 * earlier click of the key at most {@code duplicate_window} older, whatever its own category), else
 * valid, under the duplicate window of the contract version in force. Clicks are taken in event-time order, those of one instant by {@code event_id}, so that
 * which of two clicks is the duplicate does not depend on arrival order; only the key's latest
 * click time is kept, and forgotten once the duplicate window has passed it.
 *
 * <p>Counts clicks per category in the metrics {@code adaudit.givt.<category>}.
 */
public class InvalidClickClassifier extends ContractKeyedFunction<DuplicateKey, Click, ClassifiedClick> {

    private static final Comparator<Click> SAME_INSTANT = Comparator.comparing(Click::eventId);

    private final DatacenterRanges datacenters;

    /** Click time to the clicks of that instant, until the watermark passes it. */
    private transient EventTimeBuffer<Click> pending;
    /** The time of the key's latest click, while a later one could still be its duplicate. */
    private transient ValueState<Long> lastClick;

    private transient Map<GivtCategory, Counter> perCategory;

    public InvalidClickClassifier(LiveContracts contracts, DatacenterRanges datacenters) {
        super(contracts);
        this.datacenters = datacenters;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = new EventTimeBuffer<>(getRuntimeContext(), "pending-clicks", TypeInformation.of(Click.class));
        lastClick = getRuntimeContext().getState(new ValueStateDescriptor<>("last-click-at", Types.LONG));
        perCategory = new EnumMap<>(GivtCategory.class);
        for (GivtCategory c : GivtCategory.values()) {
            perCategory.put(
                    c,
                    getRuntimeContext()
                            .getMetricGroup()
                            .addGroup("adaudit")
                            .addGroup("givt")
                            .counter(c.wireName));
        }
        UserAgents.warmUp();
    }

    @Override
    public void processElement(Click click, ReadOnlyContext ctx, Collector<ClassifiedClick> out) throws Exception {
        pending.add(click.ts(), click, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClassifiedClick> out) throws Exception {
        for (Click click : pending.take(timestamp, SAME_INSTANT)) {
            out.collect(classify(click, ctx));
        }
        Long last = lastClick.value();
        if (last != null && last + duplicateWindow(ctx) < timestamp) {
            lastClick.clear();
        }
    }

    private ClassifiedClick classify(Click click, OnTimerContext ctx) throws Exception {
        long duplicateWindow = duplicateWindow(ctx);
        Long last = lastClick.value();
        GivtCategory category;
        if (UserAgents.isBot(click.userAgent())) {
            category = GivtCategory.BOT_USER_AGENT;
        } else if (datacenters.contains(click.ip())) {
            category = GivtCategory.DATACENTER_IP;
        } else if (click.ip() != null && last != null && click.ts() - last <= duplicateWindow) {
            category = GivtCategory.DUPLICATE_CLICK;
        } else {
            category = GivtCategory.VALID;
        }
        if (click.ip() != null) {
            // the earlier click counts whatever its own category
            lastClick.update(click.ts());
            ctx.timerService().registerEventTimeTimer(click.ts() + duplicateWindow + 1);
        }
        perCategory.get(category).inc();
        Governance g = click.governance();
        return new ClassifiedClick(
                click.eventId(),
                g.contractId(),
                click.campaignId(),
                click.sourceId(),
                g.windowStart(),
                g.windowEnd(),
                click.currency(),
                click.costMicros(),
                category);
    }

    /** The duplicate window of the contract version in force. */
    private long duplicateWindow(OnTimerContext ctx) throws Exception {
        var contract = contracts(ctx).byId(ctx.getCurrentKey().contractId());
        return contract == null || contract.invalidTraffic() == null
                ? 0
                : contract.invalidTraffic().duplicateWindowMillis();
    }
}
