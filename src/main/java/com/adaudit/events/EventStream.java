package com.adaudit.events;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** One input stream: its kind, its event type for Flink, and how to decode its records. */
public final class EventStream<E extends InputEvent> implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final EventStream<Impression> IMPRESSIONS = new EventStream<>(
            StreamKind.IMPRESSIONS,
            TypeInformation.of(Impression.class),
            decoded(ImpressionSerializer.INSTANCE),
            EventCodec::impressions);
    public static final EventStream<Click> CLICKS = new EventStream<>(
            StreamKind.CLICKS, TypeInformation.of(Click.class), decoded(ClickSerializer.INSTANCE), EventCodec::clicks);
    public static final EventStream<PageView> PAGEVIEWS = new EventStream<>(
            StreamKind.PAGEVIEWS,
            TypeInformation.of(PageView.class),
            decoded(PageViewSerializer.INSTANCE),
            EventCodec::pageviews);
    public static final EventStream<VendorReport> VENDOR_REPORTS = new EventStream<>(
            StreamKind.VENDOR_REPORTS,
            TypeInformation.of(VendorReport.class),
            decoded(TypeInformation.of(VendorReport.class).createSerializer(new SerializerConfigImpl())),
            EventCodec::vendorReports);

    public static final List<EventStream<?>> ALL = List.of(IMPRESSIONS, CLICKS, PAGEVIEWS, VENDOR_REPORTS);

    private final StreamKind kind;
    private final transient TypeInformation<E> eventType;
    private final transient TypeInformation<Decoded<E>> decodedType;
    private final SerializableSupplier<EventCodec<E>> codec;

    private EventStream(
            StreamKind kind,
            TypeInformation<E> eventType,
            TypeInformation<Decoded<E>> decodedType,
            SerializableSupplier<EventCodec<E>> codec) {
        this.kind = kind;
        this.eventType = eventType;
        this.decodedType = decodedType;
        this.codec = codec;
    }

    /** Decoded records as Flink sees them: their own serializer around the event's. */
    @SuppressWarnings("unchecked")
    private static <E extends InputEvent> TypeInformation<Decoded<E>> decoded(TypeSerializer<E> events) {
        return new EventSerializer.Info<>(
                (Class<Decoded<E>>) (Class<?>) Decoded.class, new DecodedSerializer<>(events));
    }

    public StreamKind kind() {
        return kind;
    }

    public TypeInformation<E> eventType() {
        return eventType;
    }

    public TypeInformation<Decoded<E>> decodedType() {
        return decodedType;
    }

    /** A fresh codec; codecs hold buffers, so each reader or operator instance takes its own. */
    public EventCodec<E> newCodec() {
        return codec.get();
    }

    /** Serialized as a reference to the constant, so the transient type information survives. */
    private Object readResolve() {
        return ALL.stream().filter(s -> s.kind == kind).findFirst().orElseThrow();
    }

    @FunctionalInterface
    interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
}
