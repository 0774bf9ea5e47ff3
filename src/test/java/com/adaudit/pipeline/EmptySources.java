package com.adaudit.pipeline;

import com.adaudit.events.Decoded;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.RawRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Sources of no records, for tests of the pipeline's shape. */
final class EmptySources implements AuditSources {
    @Override
    public <E extends InputEvent> DataStream<Decoded<E>> events(StreamExecutionEnvironment env, EventStream<E> stream) {
        return empty(env, stream.decodedType());
    }

    @Override
    public DataStream<RawRecord> contractUpdates(StreamExecutionEnvironment env) {
        return empty(env, TypeInformation.of(RawRecord.class));
    }

    private static <T> DataStream<T> empty(StreamExecutionEnvironment env, TypeInformation<T> type) {
        FlatMapFunction<Long, T> nothing = (n, out) -> {};
        return env.fromSequence(0, 0).flatMap(nothing, type);
    }
}
