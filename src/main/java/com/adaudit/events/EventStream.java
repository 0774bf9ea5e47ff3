package com.adaudit.events;

import java.io.Serializable;
import java.util.List;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** One input stream: its kind, its event type for Flink, and how to decode its records. */
public final class EventStream<E extends InputEvent> implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final EventStream<Impression> IMPRESSIONS = new EventStream<>(
            StreamKind.IMPRESSIONS,
            TypeInformation.of(Impression.class),
            TypeInformation.of(new TypeHint<Decoded<Impression>>() {}),
            EventCodec::impressions);
    public static final EventStream<Click> CLICKS = new EventStream<>(
            StreamKind.CLICKS,
            TypeInformation.of(Click.class),
            TypeInformation.of(new TypeHint<Decoded<Click>>() {}),
            EventCodec::clicks);
    public static final EventStream<PageView> PAGEVIEWS = new EventStream<>(
            StreamKind.PAGEVIEWS,
            TypeInformation.of(PageView.class),
            TypeInformation.of(new TypeHint<Decoded<PageView>>() {}),
            EventCodec::pageviews);
    public static final EventStream<VendorReport> VENDOR_REPORTS = new EventStream<>(
            StreamKind.VENDOR_REPORTS,
            TypeInformation.of(VendorReport.class),
            TypeInformation.of(new TypeHint<Decoded<VendorReport>>() {}),
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
