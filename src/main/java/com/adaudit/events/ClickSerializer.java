package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link Click}'s serializer (see {@link EventSerializer}). */
public final class ClickSerializer extends EventSerializer<Click> {

    private static final long serialVersionUID = 1L;
    public static final ClickSerializer INSTANCE = new ClickSerializer();
    /** The fields as {@link #serialize} writes them. */
    private static final Part[] LAYOUT = {
        Part.STRING,
        Part.LONG,
        Part.STRING,
        Part.STRING,
        Part.LONG,
        Part.STRING,
        Part.STRING,
        Part.STRING,
        Part.GOVERNANCE
    };

    @Override
    public void serialize(Click c, DataOutputView out) throws IOException {
        writeString(c.eventId(), out);
        out.writeLong(c.ts());
        writeString(c.campaignId(), out);
        writeString(c.sourceId(), out);
        out.writeLong(c.costMicros());
        writeString(c.currency(), out);
        writeString(c.ip(), out);
        writeString(c.userAgent(), out);
        writeGovernance(c.governance(), out);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        copyParts(in, out, LAYOUT);
    }

    @Override
    public Click deserialize(DataInputView in) throws IOException {
        StringReader strings = StringReader.current();
        return new Click(
                strings.read(in),
                in.readLong(),
                strings.readShared(in),
                strings.readShared(in),
                in.readLong(),
                strings.readShared(in),
                strings.read(in),
                strings.readShared(in),
                readGovernance(in, strings));
    }

    @Override
    public TypeSerializerSnapshot<Click> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Click> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class Factory extends EventSerializer.Factory<Click> {
        public Factory() {
            super(Click.class, INSTANCE);
        }
    }
}
