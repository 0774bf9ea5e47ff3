package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * A hand-written Flink serializer for one of the admitted-event records, the records every event
 * crosses the job as: fields in a fixed order, strings as Flink writes them, no reflection and no
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

    @Override
    public final void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        StringValue.writeString(s, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
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

    static Governance readGovernance(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new Governance(
                readString(in),
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
            return o instanceof Info<?> other && other.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }

    /** For {@code @TypeInfo} on a record: its {@link Info}. */
    abstract static class Factory<T> extends TypeInfoFactory<T> {
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Factory(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public TypeInformation<T> createTypeInfo(
                java.lang.reflect.Type t, java.util.Map<String, TypeInformation<?>> genericParameters) {
            return new Info<>(type, serializer);
        }
    }
}
