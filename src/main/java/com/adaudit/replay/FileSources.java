package com.adaudit.replay;

import com.adaudit.events.Decoded;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.RawRecord;
import com.adaudit.io.files.JsonLinesFormat;
import com.adaudit.pipeline.AuditSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Replay input: the files of each stream found in the input directory; no contract updates. */
final class FileSources implements AuditSources {

    private final Map<EventStream<?>, List<Path>> files;

    FileSources(Map<EventStream<?>, List<Path>> files) {
        this.files = files;
    }

    @Override
    public <E extends InputEvent> DataStream<Decoded<E>> events(StreamExecutionEnvironment env, EventStream<E> stream) {
        String name = "read-" + stream.kind().wireName();
        // the replay sees all of its data: event time only orders it, nothing is late by arrival
        WatermarkStrategy<Decoded<E>> eventTime = WatermarkStrategy.<Decoded<E>>noWatermarks()
                .withTimestampAssigner((decoded, previous) -> decoded.eventTimeOrMin());
        List<Path> paths = files.getOrDefault(stream, List.of());
        if (paths.isEmpty()) {
            return empty(env, stream.decodedType(), name);
        }
        FileSource<Decoded<E>> source = FileSource.forBulkFileFormat(
                        new JsonLinesFormat<>(stream),
                        paths.stream()
                                .map(p -> new org.apache.flink.core.fs.Path(p.toUri()))
                                .toArray(org.apache.flink.core.fs.Path[]::new))
                .build();
        return env.fromSource(source, eventTime, name, stream.decodedType()).uid(name);
    }

    @Override
    public DataStream<RawRecord> contractUpdates(StreamExecutionEnvironment env) {
        return empty(env, TypeInformation.of(RawRecord.class), "no-contract-updates");
    }

    /** A bounded stream with no records (an empty {@code fromData} collection fails at run time). */
    private static <T> DataStream<T> empty(StreamExecutionEnvironment env, TypeInformation<T> type, String name) {
        FlatMapFunction<Long, T> nothing = (n, out) -> {};
        return env.fromSequence(0, 0)
                .uid(name)
                .name(name)
                .flatMap(nothing, type)
                .name(name);
    }
}
