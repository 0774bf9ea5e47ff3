package com.adaudit.pipeline;

import com.adaudit.events.Decoded;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.RawRecord;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where the pipeline reads from: Kafka topics for the live job, files for the replay harness.
 * Sources decode (so that watermarks can follow event time per partition) and assign timestamps.
 */
public interface AuditSources {

    <E extends InputEvent> DataStream<Decoded<E>> events(StreamExecutionEnvironment env, EventStream<E> stream);

    /** Contract updates; the replay harness has none. */
    DataStream<RawRecord> contractUpdates(StreamExecutionEnvironment env);
}
