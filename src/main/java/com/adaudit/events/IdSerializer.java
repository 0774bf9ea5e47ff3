package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The ids of decoded events as keys of state maps (de-duplication, sessions), as UTF-8 like every
 * string of an event ({@link EventSerializer}). Flink's string serializer writes a char at a time,
 * which made writing the de-duplication ids most of a heap checkpoint's time. Decoding guarantees
 * that an id holds no lone surrogate, so UTF-8 carries it exactly.
 */
public final class IdSerializer extends EventSerializer<String> {

    private static final long serialVersionUID = 1L;
    public static final IdSerializer INSTANCE = new IdSerializer();
    /** The fields as {@link #serialize} writes them. */
    private static final Part[] LAYOUT = {Part.STRING};

    @Override
    public void serialize(String id, DataOutputView out) throws IOException {
        writeString(id, out);
    }

    /** An id already encoded as UTF-8 ({@code length} bytes of {@code utf8} from {@code from}), as {@link #serialize} writes it. */
    public static void serializeUtf8(byte[] utf8, int from, int length, DataOutputView out) throws IOException {
        writeUtf8(utf8, from, length, out);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        copyParts(in, out, LAYOUT);
    }

    @Override
    public String deserialize(DataInputView in) throws IOException {
        return StringReader.current().read(in);
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
