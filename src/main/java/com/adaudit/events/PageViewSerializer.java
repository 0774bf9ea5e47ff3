package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link PageView}'s serializer (see {@link EventSerializer}). */
public final class PageViewSerializer extends EventSerializer<PageView> {

    private static final long serialVersionUID = 1L;
    public static final PageViewSerializer INSTANCE = new PageViewSerializer();
    /** The fields as {@link #serialize} writes them. */
    private static final Part[] LAYOUT = {Part.STRING, Part.LONG, Part.STRING, Part.STRING, Part.STRING, Part.GOVERNANCE
    };

    @Override
    public void serialize(PageView p, DataOutputView out) throws IOException {
        writeString(p.eventId(), out);
        out.writeLong(p.ts());
        writeString(p.clickId(), out);
        writeString(p.campaignId(), out);
        writeString(p.sourceId(), out);
        writeGovernance(p.governance(), out);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        copyParts(in, out, LAYOUT);
    }

    @Override
    public PageView deserialize(DataInputView in) throws IOException {
        StringReader strings = StringReader.current();
        return new PageView(
                strings.read(in),
                in.readLong(),
                strings.read(in),
                strings.readShared(in),
                strings.readShared(in),
                readGovernance(in, strings));
    }

    @Override
    public TypeSerializerSnapshot<PageView> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PageView> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class Factory extends EventSerializer.Factory<PageView> {
        public Factory() {
            super(PageView.class, INSTANCE);
        }
    }
}
