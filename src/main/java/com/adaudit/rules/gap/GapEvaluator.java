package com.adaudit.rules.gap;

import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractKeyedFunction;
import com.adaudit.contracts.GapTerms;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.Rule;
import com.adaudit.events.VendorReport;
import com.adaudit.rules.Fraction;
import com.adaudit.rules.ReportFigures;
import com.adaudit.rules.RuleTerms;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.Status;
import com.adaudit.rules.WindowVerdict;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.Collector;

/**
 * Keyed by source: keeps the measured impressions per window and evaluates each vendor report
 * once the watermark passes its period end (or its {@code ts}, when later), docs/reference.md rule 3.
 * Reports of one period are taken in ({@code ts}, {@code report_id}) order; a later one replaces
 * the earlier and is evaluated again (the run stage revises the period's claim). Window counts are
 * kept for the report grace plus the longest report period after their window's end.
 */
public class GapEvaluator extends ContractKeyedFunction<SourceKey, GapInput, WindowVerdict> {

    static final Comparator<VendorReport> REPORT_ORDER =
            Comparator.comparingLong(VendorReport::ts).thenComparing(VendorReport::reportId);

    private final long maxReportPeriodMillis;

    /**
     * The measured windows, in start order: start, end and impressions, three longs a window. One
     * value, because every timer and report reads them all: in RocksDB a map would be a seek and a
     * scan each time.
     */
    private transient ValueState<long[]> measured;
    /** Evaluation instant to the reports due then. */
    private transient MapState<Long, List<VendorReport>> pending;
    /** Period ("start/end") to the report in force for it. */
    private transient MapState<String, VendorReport> inForce;
    /**
     * The earliest period end among the reports in force: a timer scans {@link #inForce} only when
     * that report has expired (period end plus the grace), not at every due report.
     */
    private transient ValueState<Long> earliestEndInForce;

    public GapEvaluator(LiveContracts contracts, long maxReportPeriodMillis) {
        super(contracts);
        this.maxReportPeriodMillis = maxReportPeriodMillis;
    }

    @Override
    public void open(OpenContext openContext) {
        measured = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "measured-impressions", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-reports", Types.LONG, Types.LIST(TypeInformation.of(VendorReport.class))));
        inForce = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "reports-in-force", Types.STRING, TypeInformation.of(VendorReport.class)));
        earliestEndInForce =
                getRuntimeContext().getState(new ValueStateDescriptor<>("earliest-end-in-force", Types.LONG));
    }

    @Override
    public void processElement(GapInput input, ReadOnlyContext ctx, Collector<WindowVerdict> out) throws Exception {
        Contract contract = contracts(ctx).byId(ctx.getCurrentKey().contractId());
        long grace = contract == null ? Contract.DEFAULT_REPORT_GRACE_MILLIS : contract.reportGraceMillis();
        if (input.tally() != null) {
            ImpressionTally t = input.tally();
            measured.update(MeasuredWindows.put(measured.value(), t.windowStart(), t.windowEnd(), t.impressions()));
            ctx.timerService().registerEventTimeTimer(t.windowEnd() + grace + maxReportPeriodMillis);
            return;
        }
        VendorReport r = input.report();
        long due = r.governance().dueAt();
        List<VendorReport> dueThen = pending.get(due);
        if (dueThen == null) {
            dueThen = new ArrayList<>();
        }
        dueThen.add(r);
        pending.put(due, dueThen);
        ctx.timerService().registerEventTimeTimer(due);
        ctx.timerService().registerEventTimeTimer(r.periodEnd() + grace);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowVerdict> out) throws Exception {
        Contract contract = contracts(ctx).byId(ctx.getCurrentKey().contractId());
        List<VendorReport> due = pending.get(timestamp);
        if (due != null) {
            pending.remove(timestamp);
            due.sort(REPORT_ORDER);
            for (VendorReport r : due) {
                evaluate(contract, r, out);
            }
        }
        long grace = contract == null ? Contract.DEFAULT_REPORT_GRACE_MILLIS : contract.reportGraceMillis();
        long[] windows = measured.value();
        if (windows != null) {
            long[] kept = MeasuredWindows.endedAfter(windows, timestamp - grace - maxReportPeriodMillis);
            if (kept.length == 0) {
                measured.clear();
            } else if (kept.length < windows.length) {
                measured.update(kept);
            }
        }
        Long earliestEnd = earliestEndInForce.value();
        if (earliestEnd != null && earliestEnd + grace <= timestamp) {
            long nextEnd = Long.MAX_VALUE;
            for (Iterator<Map.Entry<String, VendorReport>> it = inForce.iterator(); it.hasNext(); ) {
                long end = it.next().getValue().periodEnd();
                if (end + grace <= timestamp) {
                    it.remove();
                } else {
                    nextEnd = Math.min(nextEnd, end);
                }
            }
            if (nextEnd == Long.MAX_VALUE) {
                inForce.clear(); // the heap keeps a map emptied through its iterator
                earliestEndInForce.clear();
            } else {
                earliestEndInForce.update(nextEnd);
            }
        }
    }

    private void evaluate(Contract contract, VendorReport r, Collector<WindowVerdict> out) throws Exception {
        if (contract == null || contract.gap() == null) {
            return;
        }
        String period = r.periodStart() + "/" + r.periodEnd();
        VendorReport previous = inForce.get(period);
        if (previous != null && REPORT_ORDER.compare(r, previous) <= 0) {
            return; // an older report than the one in force changes nothing
        }
        inForce.put(period, r);
        Long earliestEnd = earliestEndInForce.value();
        if (earliestEnd == null || r.periodEnd() < earliestEnd) {
            earliestEndInForce.update(r.periodEnd());
        }
        long impressions = MeasuredWindows.impressionsStartingIn(measured.value(), r.periodStart(), r.periodEnd());
        out.collect(verdict(contract, r, impressions));
    }

    static WindowVerdict verdict(Contract contract, VendorReport r, long measuredImpressions) {
        GapTerms terms = contract.gap();
        long reported = r.impressions();
        Fraction ratio = reported == 0 ? null : Fraction.of(measuredImpressions, reported);
        Status status;
        if (reported < terms.minReportedImpressions()) {
            status = Status.NOT_EVALUABLE;
        } else {
            status = ratio.compareTo(Fraction.of(terms.minDeliveryRatio())) < 0 ? Status.BREACH : Status.PASS;
        }
        BigDecimal shown = ratio == null ? null : ratio.toDisplay();
        return new WindowVerdict(
                Rule.IMPRESSION_GAP,
                status,
                RuleTerms.of(contract, terms.consecutiveWindows(), terms.multiplier()),
                r.campaignId(),
                r.sourceId(),
                r.periodStart(),
                r.periodEnd(),
                shown,
                terms.minDeliveryRatio(),
                reported,
                r.periodEnd() + terms.reportGraceMillis(),
                null,
                null,
                new ReportFigures(r.reportId(), r.ts(), reported, measuredImpressions, r.costMicros(), shown),
                null);
    }
}
