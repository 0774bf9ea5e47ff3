package com.adaudit.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A hand-written Flink serializer for one of the records every event crosses the job as (an event
 * record, where it came from): fields in a fixed order, strings as UTF-8, no reflection and no
 * per-field null flags. Flink's POJO serializer was 15 % of the replay's CPU (docs/benchmarks.md).
 * The records are immutable, so copies are the records themselves.
 */
public abstract class EventSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    /**
     * Copies one serialized record field by field, as bytes, in the order {@code serialize} writes
     * them: the replay's batch sort copies every record it spills, and a copy through the record
     * would decode and encode each of its strings.
     */
    @Override
    public abstract void copy(DataInputView source, DataOutputView target) throws IOException;

    /**
     * A string as its UTF-8 bytes after their length ({@code -1} for {@code null}): encoding and
     * decoding ASCII, what ids and user agents mostly are, runs on the JDK's vectorised paths, where
     * Flink's string format goes char by char. Admitted events hold no lone surrogate (admission
     * rejects them), so UTF-8 carries every string exactly.
     */
    static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeUtf8(utf8, 0, utf8.length, out);
    }

    /** A string already encoded, {@code length} UTF-8 bytes of {@code utf8} from {@code from}, as {@link #writeString} writes it. */
    static void writeUtf8(byte[] utf8, int from, int length, DataOutputView out) throws IOException {
        out.writeInt(length);
        out.write(utf8, from, length);
    }

    /** What a serialized record is made of, in order: the layout a copy as bytes walks. */
    enum Part {
        STRING,
        LONG,
        INT,
        GOVERNANCE
    }

    static void copyParts(DataInputView in, DataOutputView out, Part... layout) throws IOException {
        StringReader strings = StringReader.current();
        for (Part part : layout) {
            switch (part) {
                case STRING -> strings.copy(in, out);
                case LONG -> out.writeLong(in.readLong());
                case INT -> out.writeInt(in.readInt());
                case GOVERNANCE -> copyGovernance(in, out, strings);
            }
        }
    }

    /** A governance stamp, or its absence (an event not yet admitted). */
    static void writeGovernance(Governance g, DataOutputView out) throws IOException {
        out.writeBoolean(g != null);
        if (g != null) {
            writeString(g.contractId(), out);
            out.writeLong(g.contractVersion());
            out.writeLong(g.windowStart());
            out.writeLong(g.windowEnd());
            out.writeLong(g.lateAt());
            out.writeLong(g.dueAt());
            out.writeInt(g.rules());
        }
    }

    static void copyGovernance(DataInputView in, DataOutputView out, StringReader strings) throws IOException {
        boolean present = in.readBoolean();
        out.writeBoolean(present);
        if (present) {
            strings.copy(in, out);
            for (int i = 0; i < 5; i++) {
                out.writeLong(in.readLong());
            }
            out.writeInt(in.readInt());
        }
    }

    static Governance readGovernance(DataInputView in, StringReader strings) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Governance(
                strings.readShared(in),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readInt());
    }

    /** The type information of a record with its own serializer: an atomic type to Flink. */
    static final class Info<T> extends TypeInformation<T> {

        private static final long serialVersionUID = 1L;

        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return type.getSimpleName() + "<" + serializer.getClass().getSimpleName() + ">";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info<?> other && other.type == type && other.serializer.equals(serializer);
        }

        @Override
        public int hashCode() {
            return 31 * type.hashCode() + serializer.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }

    /** For {@code @TypeInfo} on a record: its {@link Info}. */
    abstract static class Factory<T> extends TypeInfoFactory<T> {
        private final Info<T> info;

        Factory(Class<T> type, TypeSerializer<T> serializer) {
            this.info = new Info<>(type, serializer);
        }

        @Override
        public TypeInformation<T> createTypeInfo(
                java.lang.reflect.Type t, java.util.Map<String, TypeInformation<?>> genericParameters) {
            return info;
        }
    }
}
