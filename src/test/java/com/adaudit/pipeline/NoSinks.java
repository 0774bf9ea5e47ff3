package com.adaudit.pipeline;

import com.adaudit.claims.Claim;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.rules.Flag;
import com.adaudit.rules.ivt.IvtTally;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Outputs that go nowhere, for tests of the pipeline's shape; a test overrides the one it keeps. */
class NoSinks implements AuditSinks {
    @Override
    public void flags(DataStream<Flag> flags) {}

    @Override
    public void claims(DataStream<Claim> claims) {}

    @Override
    public void deadLetters(DataStream<DeadLetter> deadLetters) {}

    @Override
    public void lateEvents(DataStream<LateEvent> lateEvents) {}

    @Override
    public void quality(DataStream<IvtTally> quality) {}
}
