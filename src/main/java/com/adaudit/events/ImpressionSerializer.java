package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link Impression}'s serializer (see {@link EventSerializer}). */
public final class ImpressionSerializer extends EventSerializer<Impression> {

    private static final long serialVersionUID = 1L;
    public static final ImpressionSerializer INSTANCE = new ImpressionSerializer();
    /** The fields as {@link #serialize} writes them. */
    private static final Part[] LAYOUT = {Part.STRING, Part.LONG, Part.STRING, Part.STRING, Part.GOVERNANCE};

    @Override
    public void serialize(Impression i, DataOutputView out) throws IOException {
        writeString(i.eventId(), out);
        out.writeLong(i.ts());
        writeString(i.campaignId(), out);
        writeString(i.sourceId(), out);
        writeGovernance(i.governance(), out);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        copyParts(in, out, LAYOUT);
    }

    @Override
    public Impression deserialize(DataInputView in) throws IOException {
        StringReader strings = StringReader.current();
        return new Impression(
                strings.read(in),
                in.readLong(),
                strings.readShared(in),
                strings.readShared(in),
                readGovernance(in, strings));
    }

    @Override
    public TypeSerializerSnapshot<Impression> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Impression> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class Factory extends EventSerializer.Factory<Impression> {
        public Factory() {
            super(Impression.class, INSTANCE);
        }
    }
}
