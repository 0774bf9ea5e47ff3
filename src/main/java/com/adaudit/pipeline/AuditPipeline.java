package com.adaudit.pipeline;

import com.adaudit.admission.Admission;
import com.adaudit.admission.ArrivalOrderOnly;
import com.adaudit.admission.ContractUpdateValidator;
import com.adaudit.admission.Governor;
import com.adaudit.claims.Claim;
import com.adaudit.claims.ImpressionClaimIssuer;
import com.adaudit.claims.SpendClaimAssembler;
import com.adaudit.contracts.Contract;
import com.adaudit.contracts.ContractBook;
import com.adaudit.contracts.LiveContracts;
import com.adaudit.contracts.RuleBits;
import com.adaudit.events.Click;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.EventStream;
import com.adaudit.events.Impression;
import com.adaudit.events.InputEvent;
import com.adaudit.events.LateEvent;
import com.adaudit.events.PageView;
import com.adaudit.events.Shards;
import com.adaudit.events.VendorReport;
import com.adaudit.rules.BreachRunTracker;
import com.adaudit.rules.CampaignWindowKey;
import com.adaudit.rules.ContractWindows;
import com.adaudit.rules.Flag;
import com.adaudit.rules.PeriodRevision;
import com.adaudit.rules.PreAggregator;
import com.adaudit.rules.PreAggregator.MergePartials;
import com.adaudit.rules.RunKey;
import com.adaudit.rules.SourceKey;
import com.adaudit.rules.WindowKey;
import com.adaudit.rules.WindowPartial;
import com.adaudit.rules.WindowVerdict;
import com.adaudit.rules.bounce.BounceEvaluator;
import com.adaudit.rules.bounce.BounceTally;
import com.adaudit.rules.bounce.BounceTallyAggregate;
import com.adaudit.rules.bounce.EmitBounceTally;
import com.adaudit.rules.bounce.SessionOutcome;
import com.adaudit.rules.bounce.SessionTracker;
import com.adaudit.rules.gap.CountImpressions;
import com.adaudit.rules.gap.EmitImpressionTally;
import com.adaudit.rules.gap.GapEvaluator;
import com.adaudit.rules.gap.GapInput;
import com.adaudit.rules.ivt.ClassifiedClick;
import com.adaudit.rules.ivt.DuplicateKey;
import com.adaudit.rules.ivt.EmitIvtTally;
import com.adaudit.rules.ivt.InvalidClickClassifier;
import com.adaudit.rules.ivt.IvtEvaluator;
import com.adaudit.rules.ivt.IvtTally;
import com.adaudit.rules.ivt.IvtTallyAggregate;
import com.adaudit.rules.underpriced.ClickTally;
import com.adaudit.rules.underpriced.ClickTallyAggregate;
import com.adaudit.rules.underpriced.EmitClickTally;
import com.adaudit.rules.underpriced.UnderpricedEvaluator;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The AdAudit dataflow, one definition for the live job and the replay harness: only sources,
 * sinks and execution mode differ. Raw events are admitted (contract, dedup, lateness, in one keyed stage), folded
 * into per-window metrics, judged per rule into low-rate verdicts, gathered in window order into
 * runs of {@code consecutive_windows}, flagged, and turned into claims.
 */
public final class AuditPipeline {

    static final TypeInformation<SourceKey> SOURCE_KEY = TypeInformation.of(SourceKey.class);
    static final TypeInformation<RunKey> RUN_KEY = TypeInformation.of(RunKey.class);
    static final TypeInformation<WindowKey> WINDOW_KEY = TypeInformation.of(WindowKey.class);
    static final TypeInformation<WindowVerdict> VERDICT = TypeInformation.of(WindowVerdict.class);
    static final TypeInformation<Flag> FLAG = TypeInformation.of(Flag.class);

    private final OutputTag<DeadLetter> deadLetterTag =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    private final OutputTag<LateEvent> lateTag = new OutputTag<>("late-events", TypeInformation.of(LateEvent.class));
    private final OutputTag<PeriodRevision> periodRevisionTag =
            new OutputTag<>("period-revisions", TypeInformation.of(PeriodRevision.class));

    // Records an event-time rule stage finds late after admission passed them (docs/semantics.md).
    static final TypeInformation<WindowPartial<ClickTallyAggregate.Sums>> CLICK_PARTIAL =
            new TypeHint<WindowPartial<ClickTallyAggregate.Sums>>() {}.getTypeInfo();
    static final TypeInformation<WindowPartial<Long>> IMPRESSION_PARTIAL =
            new TypeHint<WindowPartial<Long>>() {}.getTypeInfo();
    static final TypeInformation<WindowPartial<BounceTallyAggregate.Sums>> SESSION_PARTIAL =
            new TypeHint<WindowPartial<BounceTallyAggregate.Sums>>() {}.getTypeInfo();
    static final TypeInformation<WindowPartial<IvtTallyAggregate.Sums>> CLASSIFIED_CLICK_PARTIAL =
            new TypeHint<WindowPartial<IvtTallyAggregate.Sums>>() {}.getTypeInfo();
    static final OutputTag<WindowPartial<ClickTallyAggregate.Sums>> LATE_CLICKS =
            new OutputTag<>("late-clicks", CLICK_PARTIAL);
    static final OutputTag<WindowPartial<Long>> LATE_IMPRESSIONS =
            new OutputTag<>("late-impressions", IMPRESSION_PARTIAL);
    static final OutputTag<WindowPartial<BounceTallyAggregate.Sums>> LATE_SESSIONS =
            new OutputTag<>("late-sessions", SESSION_PARTIAL);
    static final OutputTag<WindowPartial<IvtTallyAggregate.Sums>> LATE_CLASSIFIED_CLICKS =
            new OutputTag<>("late-classified-clicks", CLASSIFIED_CLICK_PARTIAL);
    static final OutputTag<WindowVerdict> LATE_VERDICTS = new OutputTag<>("late-verdicts", VERDICT);

    private final ContractBook contracts;
    private final PipelineSettings settings;

    /**
     * The network buffer timeout of the stages whose records are few: those from the window sums
     * on, on their way to a flag, and the contract updates and late records. Their partly filled
     * buffers leave sooner than the events' (by default each record at once, with no flusher
     * thread); -1, the environment's, in the batch replay, whose shuffles wait for their input's
     * end anyway.
     */
    private long resultBufferTimeoutMillis;

    private DataStream<DeadLetter> deadLetters;
    private DataStream<LateEvent> lateEvents;

    private AuditPipeline(ContractBook contracts, PipelineSettings settings) {
        this.contracts = contracts;
        this.settings = settings;
    }

    /**
     * How records travel, for the live job and the replay alike: every type has a Flink serializer
     * (no Kryo fallback), and chained operators pass records on without a defensive copy. The
     * copy is needless because every record type is immutable (a Java record), so no stage can
     * change what another holds; only the aggregates' accumulators are mutable, and they stay in
     * their window's state.
     */
    public static void recordHandling(Configuration conf) {
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
    }

    public static void define(
            StreamExecutionEnvironment env,
            AuditSources sources,
            AuditSinks sinks,
            ContractBook contracts,
            PipelineSettings settings) {
        new AuditPipeline(contracts, settings).build(env, sources, sinks);
    }

    private void build(StreamExecutionEnvironment env, AuditSources sources, AuditSinks sinks) {
        int keys = shardKeys(env);
        resultBufferTimeoutMillis =
                batch(env) ? -1 : settings.resultBufferTimeout().toMillis();
        // Contract updates: validated once, in topic order, then broadcast to every stage that reads terms.
        SingleOutputStreamOperator<Contract> validUpdates = sources.contractUpdates(env)
                .keyBy(update -> 0, Types.INT)
                .process(new ContractUpdateValidator(contracts, deadLetterTag))
                .uid("validate-contract-updates")
                .name("validate-contract-updates");
        deadLetters = validUpdates.getSideOutput(deadLetterTag);
        BroadcastStream<Contract> liveContracts = validUpdates
                .assignTimestampsAndWatermarks(ArrivalOrderOnly.strategy())
                .name("contracts-in-arrival-order")
                .setBufferTimeout(resultBufferTimeoutMillis)
                .broadcast(LiveContracts.UPDATES);

        // Admission: every record read is rejected, a duplicate, late, or accepted; rules see the accepted.
        DataStream<Impression> impressions =
                admit(env, sources, liveContracts, keys, EventStream.IMPRESSIONS, Governor.IMPRESSIONS);
        DataStream<Click> clicks = admit(env, sources, liveContracts, keys, EventStream.CLICKS, Governor.CLICKS);
        DataStream<PageView> pageviews =
                admit(env, sources, liveContracts, keys, EventStream.PAGEVIEWS, Governor.PAGEVIEWS);
        DataStream<VendorReport> reports = admit(
                env,
                sources,
                liveContracts,
                keys,
                EventStream.VENDOR_REPORTS,
                Governor.vendorReports(settings.maxReportPeriod().toMillis()));

        // UNDERPRICED_SOURCE: clicks and spend per source window, then each campaign window's sources against the
        // market.
        SingleOutputStreamOperator<ClickTally> clickTallies = clicks.filter(
                        c -> c.governance().feeds(RuleBits.UNDERPRICED))
                .name("underpriced-clicks")
                .transform(
                        "fold-underpriced-clicks",
                        CLICK_PARTIAL,
                        new PreAggregator<>(
                                c -> new SourceKey(c.governance().contractId(), c.campaignId(), c.sourceId()),
                                new ClickWindows(),
                                new ClickTallyAggregate()))
                .uid("fold-underpriced-clicks")
                .setBufferTimeout(resultBufferTimeoutMillis)
                .keyBy(WindowPartial::key, SOURCE_KEY)
                .window(new ContractWindows<>(new WindowPartial.Bounds<ClickTallyAggregate.Sums>()))
                .sideOutputLateData(LATE_CLICKS)
                .aggregate(
                        new MergePartials<>(new ClickTallyAggregate()),
                        new EmitClickTally(),
                        TypeInformation.of(ClickTallyAggregate.Sums.class),
                        TypeInformation.of(ClickTallyAggregate.Sums.class),
                        TypeInformation.of(ClickTally.class))
                .uid("click-tallies")
                .name("click-tallies")
                .setBufferTimeout(resultBufferTimeoutMillis);
        lateAt(clickTallies, LATE_CLICKS, LateAfterAdmission.partial("clicks", LateEvent.WINDOW_END));
        DataStream<WindowVerdict> priceVerdicts = clickTallies
                .keyBy(
                        t -> new CampaignWindowKey(t.contractId(), t.campaignId(), t.windowStart()),
                        TypeInformation.of(CampaignWindowKey.class))
                .connect(liveContracts)
                .process(new UnderpricedEvaluator(new LiveContracts(contracts)), VERDICT)
                .uid("evaluate-underpriced")
                .name("evaluate-underpriced")
                .setBufferTimeout(resultBufferTimeoutMillis);

        // HIGH_BOUNCE_RATE: each click's session from its pageviews, then sessions per source window.
        SingleOutputStreamOperator<BounceTally> bounceTallies = clicks.filter(
                        c -> c.governance().feeds(RuleBits.BOUNCE))
                .name("bounce-clicks")
                .keyBy(c -> Shards.key(Shards.of(c.eventId()), keys), Types.SHORT)
                .connect(pageviews.keyBy(p -> Shards.key(Shards.of(p.clickId()), keys), Types.SHORT))
                .process(new SessionTracker(settings.stateOnHeap()), TypeInformation.of(SessionOutcome.class))
                .uid("track-sessions")
                .name("track-sessions")
                .transform(
                        "fold-sessions",
                        SESSION_PARTIAL,
                        new PreAggregator<>(
                                o -> new SourceKey(o.contractId(), o.campaignId(), o.sourceId()),
                                new SessionWindows(),
                                new BounceTallyAggregate()))
                .uid("fold-sessions")
                .setBufferTimeout(resultBufferTimeoutMillis)
                .keyBy(WindowPartial::key, SOURCE_KEY)
                .window(new ContractWindows<>(new WindowPartial.Bounds<BounceTallyAggregate.Sums>()))
                .sideOutputLateData(LATE_SESSIONS)
                .aggregate(
                        new MergePartials<>(new BounceTallyAggregate()),
                        new EmitBounceTally(),
                        TypeInformation.of(BounceTallyAggregate.Sums.class),
                        TypeInformation.of(BounceTallyAggregate.Sums.class),
                        TypeInformation.of(BounceTally.class))
                .uid("bounce-tallies")
                .name("bounce-tallies")
                .setBufferTimeout(resultBufferTimeoutMillis);
        lateAt(bounceTallies, LATE_SESSIONS, LateAfterAdmission.partial("sessions", LateEvent.SESSION_TIMEOUT));
        DataStream<WindowVerdict> bounceVerdicts = bounceTallies
                .keyBy(t -> new SourceKey(t.contractId(), t.campaignId(), t.sourceId()), SOURCE_KEY)
                .connect(liveContracts)
                .process(new BounceEvaluator(new LiveContracts(contracts)), VERDICT)
                .uid("evaluate-bounce")
                .name("evaluate-bounce")
                .setBufferTimeout(resultBufferTimeoutMillis);

        // INVALID_TRAFFIC: each click's GIVT category (bot user agent, data-centre ip, duplicate of an earlier click of
        // its campaign, source, ip and user agent), then gross and invalid clicks and spend per source window.
        SingleOutputStreamOperator<IvtTally> ivtTallies = clicks.filter(
                        c -> c.governance().feeds(RuleBits.IVT))
                .name("ivt-clicks")
                .keyBy(c -> Shards.key(DuplicateKey.shardOf(c), keys), Types.SHORT)
                .connect(liveContracts)
                .process(
                        new InvalidClickClassifier(
                                new LiveContracts(contracts), settings.datacenterRanges(), settings.stateOnHeap()),
                        TypeInformation.of(ClassifiedClick.class))
                .uid("classify-clicks")
                .name("classify-clicks")
                .transform(
                        "fold-classified-clicks",
                        CLASSIFIED_CLICK_PARTIAL,
                        new PreAggregator<>(
                                c -> new SourceKey(c.contractId(), c.campaignId(), c.sourceId()),
                                new ClassifiedClickWindows(),
                                new IvtTallyAggregate()))
                .uid("fold-classified-clicks")
                .setBufferTimeout(resultBufferTimeoutMillis)
                .keyBy(WindowPartial::key, SOURCE_KEY)
                .window(new ContractWindows<>(new WindowPartial.Bounds<IvtTallyAggregate.Sums>()))
                .sideOutputLateData(LATE_CLASSIFIED_CLICKS)
                .aggregate(
                        new MergePartials<>(new IvtTallyAggregate()),
                        new EmitIvtTally(),
                        TypeInformation.of(IvtTallyAggregate.Sums.class),
                        TypeInformation.of(IvtTallyAggregate.Sums.class),
                        TypeInformation.of(IvtTally.class))
                .uid("ivt-tallies")
                .name("ivt-tallies")
                .setBufferTimeout(resultBufferTimeoutMillis);
        lateAt(
                ivtTallies,
                LATE_CLASSIFIED_CLICKS,
                LateAfterAdmission.partial("classified-clicks", LateEvent.WINDOW_END));
        DataStream<WindowVerdict> ivtVerdicts = ivtTallies
                .keyBy(t -> new SourceKey(t.contractId(), t.campaignId(), t.sourceId()), SOURCE_KEY)
                .connect(liveContracts)
                .process(new IvtEvaluator(new LiveContracts(contracts)), VERDICT)
                .uid("evaluate-ivt")
                .name("evaluate-ivt")
                .setBufferTimeout(resultBufferTimeoutMillis);

        // IMPRESSION_GAP: impressions per source window, measured against each vendor report's period.
        SingleOutputStreamOperator<GapInput> measured = impressions
                .transform(
                        "fold-impressions",
                        IMPRESSION_PARTIAL,
                        new PreAggregator<>(
                                i -> new SourceKey(i.governance().contractId(), i.campaignId(), i.sourceId()),
                                new ImpressionWindows(),
                                new CountImpressions()))
                .uid("fold-impressions")
                .setBufferTimeout(resultBufferTimeoutMillis)
                .keyBy(WindowPartial::key, SOURCE_KEY)
                .window(new ContractWindows<>(new WindowPartial.Bounds<Long>()))
                .sideOutputLateData(LATE_IMPRESSIONS)
                .aggregate(
                        new MergePartials<>(new CountImpressions()),
                        new EmitImpressionTally(),
                        Types.LONG,
                        Types.LONG,
                        TypeInformation.of(GapInput.class))
                .uid("impression-tallies")
                .name("impression-tallies")
                .setBufferTimeout(resultBufferTimeoutMillis);
        lateAt(measured, LATE_IMPRESSIONS, LateAfterAdmission.partial("impressions", LateEvent.WINDOW_END));
        DataStream<WindowVerdict> gapVerdicts = measured.union(reports.map(GapInput::of)
                        .name("reports-to-gap-input")
                        .setBufferTimeout(resultBufferTimeoutMillis))
                .keyBy(g -> gapKey(g), SOURCE_KEY)
                .connect(liveContracts)
                .process(
                        new GapEvaluator(
                                new LiveContracts(contracts),
                                settings.maxReportPeriod().toMillis()),
                        VERDICT)
                .uid("evaluate-gap")
                .name("evaluate-gap")
                .setBufferTimeout(resultBufferTimeoutMillis);

        // Runs: consecutive_windows breaching windows in window order per (rule, contract, campaign, source), each
        // window flagged once; one operator per rule, so that no rule's flags wait for another rule's inputs (the
        // hourly vendor reports hold the gap rule's watermark back).
        DataStream<Flag> priceFlags = flagRuns(priceVerdicts, "underpriced");
        DataStream<Flag> bounceFlags = flagRuns(bounceVerdicts, "bounce");
        DataStream<Flag> ivtFlags = flagRuns(ivtVerdicts, "ivt");
        SingleOutputStreamOperator<Flag> gapFlags = flagRuns(gapVerdicts, "gap");

        // Claims: one spend claim per flagged window across the three spend rules; impression claims with revisions.
        DataStream<Claim> spendClaims = priceFlags
                .union(bounceFlags, ivtFlags)
                .keyBy(f -> WindowKey.of(f.verdict()), WINDOW_KEY)
                .process(new SpendClaimAssembler(), TypeInformation.of(Claim.class))
                .uid("assemble-spend-claims")
                .name("assemble-spend-claims")
                .setBufferTimeout(resultBufferTimeoutMillis);
        DataStream<Claim> impressionClaims = gapFlags.getSideOutput(periodRevisionTag)
                .map(new ImpressionClaimIssuer(), TypeInformation.of(Claim.class))
                .uid("issue-impression-claims")
                .name("issue-impression-claims")
                .setBufferTimeout(resultBufferTimeoutMillis);

        // Outputs.
        sinks.flags(priceFlags.union(bounceFlags, ivtFlags, gapFlags));
        sinks.claims(spendClaims.union(impressionClaims));
        sinks.deadLetters(deadLetters);
        sinks.lateEvents(lateEvents);
        sinks.quality(ivtTallies);
    }

    /** The windows of one rule's verdicts that belong to a run of breaches, each flagged once. */
    private SingleOutputStreamOperator<Flag> flagRuns(DataStream<WindowVerdict> verdicts, String rule) {
        SingleOutputStreamOperator<Flag> flags = verdicts.keyBy(RunKey::of, RUN_KEY)
                .process(new BreachRunTracker(LATE_VERDICTS, periodRevisionTag), FLAG)
                .uid("track-breach-runs-" + rule)
                .name("track-breach-runs-" + rule)
                .setBufferTimeout(resultBufferTimeoutMillis);
        lateAt(flags, LATE_VERDICTS, LateAfterAdmission::verdict);
        return flags;
    }

    /** Decode results in, admitted events that some rule evaluates out; rejects, duplicates and late events aside. */
    private <E extends InputEvent> DataStream<E> admit(
            StreamExecutionEnvironment env,
            AuditSources sources,
            BroadcastStream<Contract> liveContracts,
            int keys,
            EventStream<E> stream,
            Governor<E> governor) {
        String name = stream.kind().wireName();
        SingleOutputStreamOperator<E> accepted = sources.events(env, stream)
                .keyBy(d -> Shards.key(d.shard(), keys), Types.SHORT)
                .connect(liveContracts)
                .process(
                        new Admission<>(
                                stream.kind(),
                                governor,
                                new LiveContracts(contracts),
                                settings.dedupHorizon().toMillis(),
                                Admission.IdLayout.of(settings.stateOnHeap(), batch(env)),
                                deadLetterTag,
                                lateTag),
                        stream.eventType())
                // the two layouts of admission's ids do not restore into each other: a savepoint of one
                // backend is refused by the other, not restored without the ids
                .uid("admit-" + name + (settings.stateOnHeap() ? "" : "-rocksdb"))
                .name("admit-" + name);
        deadLetters = deadLetters.union(accepted.getSideOutput(deadLetterTag));
        DataStream<LateEvent> late = accepted.getSideOutput(lateTag);
        lateEvents = lateEvents == null ? late : lateEvents.union(late);
        return accepted.filter(e -> e.governance().rules() != 0).name("evaluated-" + name);
    }

    /**
     * How many keys the stages keyed by shard (admission, sessions, click classification) use:
     * fewer in a streaming job, which holds them all at once, than in the batch replay, which
     * holds one at a time ({@link Shards#STREAMING_KEYS}). The results do not depend on it.
     */
    private static int shardKeys(StreamExecutionEnvironment env) {
        return batch(env) ? Shards.COUNT : Shards.STREAMING_KEYS;
    }

    /** The replay's batch mode, whose keyed stages hold one key's state at a time. */
    private static boolean batch(StreamExecutionEnvironment env) {
        return env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH;
    }

    /** What an event-time stage finds late after admission goes to the late output, named and counted. */
    private <T> void lateAt(
            SingleOutputStreamOperator<?> stage, OutputTag<T> tag, LateAfterAdmission.Describe<T> describe) {
        lateEvents = lateEvents.union(stage.getSideOutput(tag)
                .map(new LateAfterAdmission<>(stage.getName(), describe), lateTag.getTypeInfo())
                .name("late-at-" + stage.getName())
                .setBufferTimeout(resultBufferTimeoutMillis));
    }

    private static SourceKey gapKey(GapInput input) {
        if (input.tally() != null) {
            return new SourceKey(
                    input.tally().contractId(),
                    input.tally().campaignId(),
                    input.tally().sourceId());
        }
        VendorReport r = input.report();
        return new SourceKey(r.governance().contractId(), r.campaignId(), r.sourceId());
    }

    /** Click windows fire at their end. */
    public static final class ClickWindows implements ContractWindows.Bounds<Click> {
        @Override
        public long windowStart(Click c) {
            return c.governance().windowStart();
        }

        @Override
        public long firesAt(Click c) {
            return c.governance().windowEnd() - 1;
        }
    }

    /** Impression windows fire at their end. */
    public static final class ImpressionWindows implements ContractWindows.Bounds<Impression> {
        @Override
        public long windowStart(Impression i) {
            return i.governance().windowStart();
        }

        @Override
        public long firesAt(Impression i) {
            return i.governance().windowEnd() - 1;
        }
    }

    /** Classified-click windows fire at their end: every click was classified at its own time. */
    public static final class ClassifiedClickWindows implements ContractWindows.Bounds<ClassifiedClick> {
        @Override
        public long windowStart(ClassifiedClick c) {
            return c.windowStart();
        }

        @Override
        public long firesAt(ClassifiedClick c) {
            return c.windowEnd() - 1;
        }
    }

    /** Session windows fire when their clicks' sessions are decided: the window end plus the session timeout. */
    public static final class SessionWindows implements ContractWindows.Bounds<SessionOutcome> {
        @Override
        public long windowStart(SessionOutcome o) {
            return o.windowStart();
        }

        @Override
        public long firesAt(SessionOutcome o) {
            return o.decidedAt();
        }
    }
}
