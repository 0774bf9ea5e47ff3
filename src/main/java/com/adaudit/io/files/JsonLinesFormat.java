package com.adaudit.io.files;

import com.adaudit.events.Decoded;
import com.adaudit.events.EventCodec;
import com.adaudit.events.EventStream;
import com.adaudit.events.InputEvent;
import com.adaudit.events.Origin;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;

/**
 * Replay files of one stream ({@code .jsonl}, or {@code .jsonl.gz}): one JSON record a line,
 * decoded as they are read; every record, accepted or not, carries its file name and line.
 * Blank lines are skipped. Files are read whole (not split), a batch of lines at a time.
 */
public final class JsonLinesFormat<E extends InputEvent> implements BulkFormat<Decoded<E>, FileSourceSplit> {

    private static final int BATCH = 1024;

    private final EventStream<E> stream;

    public JsonLinesFormat(EventStream<E> stream) {
        this.stream = stream;
    }

    @Override
    public Reader<Decoded<E>> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LinesReader<>(split, stream.newCodec(), 0);
    }

    @Override
    public Reader<Decoded<E>> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition()
                .map(CheckpointedPosition::getRecordsAfterOffset)
                .orElse(0L);
        return new LinesReader<>(split, stream.newCodec(), skip);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<Decoded<E>> getProducedType() {
        return stream.decodedType();
    }

    private static final class LinesReader<E extends InputEvent> implements Reader<Decoded<E>> {
        private final InputStream in;
        private final LineReader lines;
        private final EventCodec<E> codec;
        private final String fileName;
        private long lineNumber;
        private long recordsEmitted;

        LinesReader(FileSourceSplit split, EventCodec<E> codec, long recordsToSkip) throws IOException {
            this.codec = codec;
            this.fileName = split.path().getName();
            InputStream raw = split.path().getFileSystem().open(split.path());
            this.in = fileName.endsWith(".gz")
                    ? new GZIPInputStream(raw, 1 << 16)
                    : new BufferedInputStream(raw, 1 << 16);
            this.lines = new LineReader(in);
            for (long i = 0; i < recordsToSkip && nextRecordLine(); i++) {
                recordsEmitted++;
            }
        }

        /** Moves to the next non-blank line; {@code false} at the end of the file. */
        private boolean nextRecordLine() throws IOException {
            while (lines.next()) {
                lineNumber++;
                if (!lines.isBlank()) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public RecordIterator<Decoded<E>> readBatch() throws IOException {
            @SuppressWarnings("unchecked")
            Decoded<E>[] batch = new Decoded[BATCH];
            int n = 0;
            while (n < BATCH && nextRecordLine()) {
                batch[n++] = codec.decode(lines.bytes(), 0, lines.length(), Origin.ofFile(fileName, lineNumber));
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<Decoded<E>> records = new ArrayResultIterator<>();
            records.set(batch, n, CheckpointedPosition.NO_OFFSET, recordsEmitted);
            recordsEmitted += n;
            return records;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
