package com.adaudit.events;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link Decoded}'s serializer (see {@link EventSerializer}): every record read crosses from its
 * source to admission as one, where Flink's POJO serializer was a tenth of admission's CPU. A
 * flag says event or rejection; then the event (its own serializer) or the dead letter, then the
 * origin, then the shard (decoding computed it; a copy is cheaper than hashing the id again).
 */
public final class DecodedSerializer<E extends InputEvent> extends EventSerializer<Decoded<E>> {

    private static final long serialVersionUID = 1L;

    private final TypeSerializer<E> events;

    public DecodedSerializer(TypeSerializer<E> events) {
        this.events = events;
    }

    @Override
    public void serialize(Decoded<E> d, DataOutputView out) throws IOException {
        DeadLetter rejection = d.rejection();
        out.writeBoolean(rejection == null);
        if (rejection == null) {
            events.serialize(d.event(), out);
        } else {
            writeString(rejection.stream(), out);
            writeString(rejection.reason(), out);
            writeString(rejection.raw(), out);
        }
        out.writeBoolean(d.origin() != null);
        if (d.origin() != null) {
            OriginSerializer.INSTANCE.serialize(d.origin(), out);
        }
        out.writeShort(d.shard());
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        boolean accepted = in.readBoolean();
        out.writeBoolean(accepted);
        if (accepted) {
            events.copy(in, out);
        } else {
            StringReader strings = StringReader.current();
            strings.copy(in, out);
            strings.copy(in, out);
            strings.copy(in, out);
        }
        boolean hasOrigin = in.readBoolean();
        out.writeBoolean(hasOrigin);
        if (hasOrigin) {
            OriginSerializer.INSTANCE.copy(in, out);
        }
        out.writeShort(in.readShort());
    }

    @Override
    public Decoded<E> deserialize(DataInputView in) throws IOException {
        if (in.readBoolean()) {
            E event = events.deserialize(in);
            return new Decoded<>(event, null, readOrigin(in), in.readShort());
        }
        StringReader strings = StringReader.current();
        String stream = strings.read(in);
        String reason = strings.read(in);
        String raw = strings.read(in);
        Origin origin = readOrigin(in);
        return new Decoded<>(null, new DeadLetter(stream, reason, raw, origin), origin, in.readShort());
    }

    private static Origin readOrigin(DataInputView in) throws IOException {
        return in.readBoolean() ? OriginSerializer.INSTANCE.deserialize(in) : null;
    }

    /** One per event type: the singleton's equality by class alone would confuse them. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DecodedSerializer<?> other && other.events.equals(events);
    }

    @Override
    public int hashCode() {
        return events.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Decoded<E>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** The snapshot: the event serializer's, nested. */
    public static final class Snapshot<E extends InputEvent>
            extends CompositeTypeSerializerSnapshot<Decoded<E>, DecodedSerializer<E>> {

        public Snapshot() {}

        Snapshot(DecodedSerializer<E> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(DecodedSerializer<E> outer) {
            return new TypeSerializer<?>[] {outer.events};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected DecodedSerializer<E> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new DecodedSerializer<>((TypeSerializer<E>) nested[0]);
        }
    }
}
