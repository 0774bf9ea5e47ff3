package com.adaudit.replay;

import com.adaudit.claims.Claim;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.events.Origin;
import com.adaudit.io.OutputJson;
import com.adaudit.pipeline.AuditSinks;
import com.adaudit.rules.Flag;
import com.adaudit.rules.ivt.IvtTally;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Replay output: every record as a JSON line with its file and sort key, gathered into one stream. */
final class CollectedSinks implements AuditSinks {

    static final TypeInformation<ReplayOutput> TYPE = TypeInformation.of(ReplayOutput.class);

    private DataStream<ReplayOutput> all;

    @Override
    public void flags(DataStream<Flag> flags) {
        add(flags.map(f -> new ReplayOutput(ReplayOutput.FLAGS, f.flagId(), OutputJson.flag(f)), TYPE)
                .name("encode-flags"));
    }

    @Override
    public void claims(DataStream<Claim> claims) {
        add(claims.map(
                        c -> new ReplayOutput(
                                ReplayOutput.CLAIMS, sortKey(c.claimId(), c.revision()), OutputJson.claim(c)),
                        TYPE)
                .name("encode-claims"));
    }

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {
        add(deadLetters
                .map(d -> new ReplayOutput(ReplayOutput.DEAD_LETTERS, sortKey(d), OutputJson.deadLetter(d)), TYPE)
                .name("encode-dead-letters"));
    }

    @Override
    public void lateEvents(DataStream<LateEvent> lateEvents) {
        add(lateEvents
                .map(
                        l -> new ReplayOutput(
                                ReplayOutput.LATE, l.stream() + '\u0000' + l.id(), OutputJson.lateEvent(l)),
                        TYPE)
                .name("encode-late-events"));
    }

    @Override
    public void quality(DataStream<IvtTally> quality) {
        add(quality.map(
                        q -> new ReplayOutput(
                                ReplayOutput.QUALITY,
                                q.contractId()
                                        + '\u0000'
                                        + q.campaignId()
                                        + '\u0000'
                                        + q.sourceId()
                                        + '\u0000'
                                        + String.format("%020d", q.windowStart()),
                                OutputJson.quality(q)),
                        TYPE)
                .name("encode-quality"));
    }

    DataStream<ReplayOutput> all() {
        return all;
    }

    private void add(DataStream<ReplayOutput> outputs) {
        all = all == null ? outputs : all.union(outputs);
    }

    /** Numbers zero-padded so that the string order is the numeric order. */
    private static String sortKey(String claimId, int revision) {
        return claimId + '\u0000' + String.format("%010d", revision);
    }

    private static String sortKey(DeadLetter d) {
        Origin o = d.origin();
        return d.stream() + '\u0000' + (o.file() == null ? "" : o.file()) + '\u0000' + String.format("%020d", o.line());
    }
}
