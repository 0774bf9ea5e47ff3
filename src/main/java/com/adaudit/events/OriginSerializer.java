package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link Origin}'s serializer (see {@link EventSerializer}): every decoded record carries one. */
public final class OriginSerializer extends EventSerializer<Origin> {

    private static final long serialVersionUID = 1L;
    public static final OriginSerializer INSTANCE = new OriginSerializer();
    /** The fields as {@link #serialize} writes them. */
    private static final Part[] LAYOUT = {Part.STRING, Part.LONG, Part.STRING, Part.INT, Part.LONG};

    @Override
    public void serialize(Origin o, DataOutputView out) throws IOException {
        writeString(o.file(), out);
        out.writeLong(o.line());
        writeString(o.topic(), out);
        out.writeInt(o.partition());
        out.writeLong(o.offset());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        copyParts(in, out, LAYOUT);
    }

    @Override
    public Origin deserialize(DataInputView in) throws IOException {
        StringReader strings = StringReader.current();
        return new Origin(strings.readShared(in), in.readLong(), strings.readShared(in), in.readInt(), in.readLong());
    }

    @Override
    public TypeSerializerSnapshot<Origin> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Origin> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class Factory extends EventSerializer.Factory<Origin> {
        public Factory() {
            super(Origin.class, INSTANCE);
        }
    }
}
