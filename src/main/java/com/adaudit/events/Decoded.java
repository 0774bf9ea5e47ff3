package com.adaudit.events;

/**
 * The outcome of decoding one raw record: exactly one of {@code event} and {@code rejection},
 * where the record came from (admission still rejects on contract grounds and must say so), and
 * the shard that admission keys it by.
 *
 * <p>The shard is computed once, where the record is decoded, and travels with it: the shuffle to
 * admission, the replay's sort and admission's key context each asked for it, and hashing the id
 * three times was a tenth of admission's CPU.
 *
 * @param shard the {@link Shards shard} of the event's id, so that its duplicates meet; a record
 *     that did not decode has no id and no state, and is spread by where it was read
 */
public record Decoded<E extends InputEvent>(E event, DeadLetter rejection, Origin origin, short shard) {

    public static <E extends InputEvent> Decoded<E> accepted(E event, Origin origin) {
        return new Decoded<>(event, null, origin, Shards.of(event.id()));
    }

    public static <E extends InputEvent> Decoded<E> rejected(DeadLetter rejection) {
        Origin o = rejection.origin();
        short shard = o == null ? 0 : (short) Math.floorMod(o.line() ^ (31 * o.offset() + o.partition()), Shards.COUNT);
        return new Decoded<>(null, rejection, o, shard);
    }

    /** Event time for watermarking; rejected records must not move the watermark. */
    public long eventTimeOrMin() {
        return event == null ? Long.MIN_VALUE : event.ts();
    }
}
