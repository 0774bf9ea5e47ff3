package com.adaudit.pipeline;

import com.adaudit.claims.Claim;
import com.adaudit.events.DeadLetter;
import com.adaudit.events.LateEvent;
import com.adaudit.rules.Flag;
import com.adaudit.rules.ivt.IvtTally;
import org.apache.flink.streaming.api.datastream.DataStream;

/** Where the pipeline writes to: Kafka topics for the live job, files for the replay harness. */
public interface AuditSinks {

    void flags(DataStream<Flag> flags);

    void claims(DataStream<Claim> claims);

    void deadLetters(DataStream<DeadLetter> deadLetters);

    void lateEvents(DataStream<LateEvent> lateEvents);

    /** Gross, GIVT and net clicks and spend of every source window of a contract with INVALID_TRAFFIC. */
    void quality(DataStream<IvtTally> quality);
}
