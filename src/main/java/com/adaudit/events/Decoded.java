package com.adaudit.events;

/**
 * The outcome of decoding one raw record: exactly one of {@code event} and {@code rejection},
 * and where the record came from (admission still rejects on contract grounds and must say so).
 */
public record Decoded<E extends InputEvent>(E event, DeadLetter rejection, Origin origin) {

    public static <E extends InputEvent> Decoded<E> accepted(E event, Origin origin) {
        return new Decoded<>(event, null, origin);
    }

    public static <E extends InputEvent> Decoded<E> rejected(DeadLetter rejection) {
        return new Decoded<>(null, rejection, rejection.origin());
    }

    /** Event time for watermarking; rejected records must not move the watermark. */
    public long eventTimeOrMin() {
        return event == null ? Long.MIN_VALUE : event.ts();
    }
}
