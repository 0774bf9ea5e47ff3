package com.adaudit.rules.ivt;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.events.Click;
import com.adaudit.events.Governance;
import com.adaudit.ids.ShardTimers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Keyed by the shard of the click's {@link DuplicateKey}: gives each accepted click of a contract
 * with INVALID_TRAFFIC its GIVT category, the first that applies: a bot user agent, a data-centre
 * ip, a duplicate (an earlier click of its key at most {@code duplicate_window} older, whatever
 * its own category), else valid, under the duplicate window of the contract version in force.
 *
 * <p>A shard holds its clicks until the watermark passes the end of their ten minutes of event
 * time (or of their window, if that comes first), then classifies what it holds in event-time
 * order, those of one instant by {@code event_id}, so that which of two clicks is the duplicate
 * does not depend on arrival order. A window's clicks are classified before its result is
 * computed. A shard has one timer per ten minutes with clicks, and after each one a timer to
 * forget its keys, instead of two per click; it holds no more than ten minutes of clicks
 * whatever the window. Each key's latest click time is kept
 * until the duplicate window has passed it.
 *
 * <p>Counts clicks per category in the metrics {@code adaudit.givt.<category>}.
 */
public class InvalidClickClassifier extends ContractKeyedFunction<Short, Click, ClassifiedClick> {

    /** How much event time a shard's clicks wait for, at most, before they are classified together. */
    static final long CLASSIFY_EVERY_MILLIS = 10 * 60_000L;

    private static final Comparator<Click> TIME_ORDER =
            Comparator.comparingLong(Click::ts).thenComparing(Click::eventId);

    private final DatacenterRanges datacenters;
    /** On the heap a map emptied through its iterator stays an entry of state; in RocksDB it is gone, and asking costs a seek. */
    private final boolean stateOnHeap;

    /** Click time to the shard's clicks of that instant, until they are classified. */
    private transient MapState<Long, List<Click>> pending;
    /** The time of each key's latest click, while a later one could still be its duplicate. */
    private transient MapState<DuplicateKey, Long> lastClick;

    private transient ShardTimers timers;
    private transient Map<GivtCategory, Counter> perCategory;

    public InvalidClickClassifier(LiveContracts contracts, DatacenterRanges datacenters, boolean stateOnHeap) {
        super(contracts);
        this.datacenters = datacenters;
        this.stateOnHeap = stateOnHeap;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-clicks", Types.LONG, Types.LIST(TypeInformation.of(Click.class))));
        lastClick = getRuntimeContext()
                .getMapState(
                        new MapStateDescriptor<>("last-click-at", TypeInformation.of(DuplicateKey.class), Types.LONG));
        timers = new ShardTimers();
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
        datacenters.warmUp();
    }

    @Override
    public void processElement(Click click, ReadOnlyContext ctx, Collector<ClassifiedClick> out) throws Exception {
        List<Click> sameInstant = pending.get(click.ts());
        if (sameInstant == null) {
            sameInstant = new ArrayList<>(1);
        }
        sameInstant.add(click);
        pending.put(click.ts(), sameInstant);
        timers.register(ctx.getCurrentKey(), classifiedAt(click), ctx.timerService());
    }

    /** The last instant of the click's ten minutes, or of its window if that ends first. */
    static long classifiedAt(Click click) {
        long ts = click.ts();
        long batchEnd = ts - Math.floorMod(ts, CLASSIFY_EVERY_MILLIS) + CLASSIFY_EVERY_MILLIS - 1;
        return Math.min(batchEnd, click.governance().windowEnd() - 1);
    }

    /**
     * Classifies the shard's clicks up to now in time order, then forgets keys past their duplicate
     * window; once the input has ended, all it holds in one pass, as its timers one by one would
     * (a key forgotten between two timers can be no later click's duplicate).
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClassifiedClick> out) throws Exception {
        boolean endOfInput = ShardTimers.inputEnded(ctx.timerService());
        long dueBy = endOfInput ? Long.MAX_VALUE : timestamp;
        List<Click> due = new ArrayList<>();
        boolean pendingLeft = false;
        for (Iterator<Map.Entry<Long, List<Click>>> it = pending.iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<Click>> instant = it.next();
            if (instant.getKey() <= dueBy) {
                due.addAll(instant.getValue());
                it.remove();
            } else {
                pendingLeft = true;
            }
        }
        ContractBook book = contracts(ctx);
        due.sort(TIME_ORDER);
        for (Click click : due) {
            out.collect(classify(click, book));
        }
        if (endOfInput) {
            if (stateOnHeap) {
                pending.clear();
            }
            lastClick.clear();
            return;
        }
        long lastExpiry = Long.MIN_VALUE;
        for (Iterator<Map.Entry<DuplicateKey, Long>> it = lastClick.iterator(); it.hasNext(); ) {
            Map.Entry<DuplicateKey, Long> latest = it.next();
            long expiry =
                    latest.getValue() + duplicateWindow(book, latest.getKey().contractId());
            if (expiry < timestamp) {
                it.remove();
            } else {
                lastExpiry = Math.max(lastExpiry, expiry);
            }
        }
        if (lastExpiry != Long.MIN_VALUE) {
            timers.register(ctx.getCurrentKey(), lastExpiry + 1, ctx.timerService());
        }
        if (stateOnHeap && !pendingLeft) {
            pending.clear();
        }
        if (stateOnHeap && lastExpiry == Long.MIN_VALUE) { // no key left
            lastClick.clear();
        }
    }

    private ClassifiedClick classify(Click click, ContractBook book) throws Exception {
        DuplicateKey key = DuplicateKey.of(click);
        GivtCategory category;
        if (UserAgents.isBot(click.userAgent())) {
            category = GivtCategory.BOT_USER_AGENT;
        } else if (datacenters.contains(click.ip())) {
            category = GivtCategory.DATACENTER_IP;
        } else if (click.ip() != null && isDuplicate(click, lastClick.get(key), book)) {
            category = GivtCategory.DUPLICATE_CLICK;
        } else {
            category = GivtCategory.VALID;
        }
        if (click.ip() != null) {
            // the earlier click counts whatever its own category
            lastClick.put(key, click.ts());
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

    private static boolean isDuplicate(Click click, Long previous, ContractBook book) {
        return previous != null
                && click.ts() - previous
                        <= duplicateWindow(book, click.governance().contractId());
    }

    /** The duplicate window of the contract version in force. */
    private static long duplicateWindow(ContractBook book, String contractId) {
        Contract contract = book.byId(contractId);
        return contract == null || contract.invalidTraffic() == null
                ? 0
                : contract.invalidTraffic().duplicateWindowMillis();
    }
}
