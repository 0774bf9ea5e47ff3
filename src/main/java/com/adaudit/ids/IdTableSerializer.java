package com.adaudit.ids;

import com.adaudit.events.IdSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** {@link IdTable} in state: its size, then each id (UTF-8, {@link IdSerializer}) and when it was first seen. */
public final class IdTableSerializer extends TypeSerializerSingleton<IdTable> {

    private static final long serialVersionUID = 1L;
    public static final IdTableSerializer INSTANCE = new IdTableSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public IdTable createInstance() {
        return new IdTable();
    }

    @Override
    public IdTable copy(IdTable from) {
        return from.copy();
    }

    @Override
    public IdTable copy(IdTable from, IdTable reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(IdTable table, DataOutputView out) throws IOException {
        out.writeInt(table.size());
        table.forEachAsUtf8(new IdTable.Utf8Entry() {
            @Override
            public void ascii(byte[] bytes, int from, int length, long firstSeen) throws IOException {
                IdSerializer.serializeUtf8(bytes, from, length, out); // ASCII is its own UTF-8: no String in between
                out.writeLong(firstSeen);
            }

            @Override
            public void other(String id, long firstSeen) throws IOException {
                IdSerializer.INSTANCE.serialize(id, out);
                out.writeLong(firstSeen);
            }
        });
    }

    @Override
    public IdTable deserialize(DataInputView in) throws IOException {
        int size = in.readInt();
        IdTable table = IdTable.withRoomFor(size);
        char[] scratch = new char[256];
        for (int i = 0; i < size; i++) {
            table.put(IdSerializer.INSTANCE.deserialize(in), in.readLong(), scratch);
        }
        return table;
    }

    @Override
    public IdTable deserialize(IdTable reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<IdTable> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<IdTable> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
