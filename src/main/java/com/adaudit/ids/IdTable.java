package com.adaudit.ids;

import java.io.IOException;

/**
 * The ids one shard has seen, each with the {@code ts} it was first seen at: an open-addressing
 * table of three parallel arrays (ids, their hashes, their times), for the heap state backend.
 *
 * <p>Why not a {@code HashMap<String, Long>} in a {@code MapState}: the heap backend copies a
 * state value before the first write while a snapshot is being written, and a hash map copies
 * entry by entry, where these arrays copy in bulk; a lookup follows one array slot to the id
 * instead of a node, a key and a boxed time; and a snapshot writes the arrays without a map's
 * per-entry framing. De-duplication was the largest part of the streaming job's CPU.
 *
 * <p>Not thread-safe; the heap backend gives each operator instance its own copy of what it holds.
 */
public final class IdTable {

    /** What {@link #firstSeen} answers for an id that is not in the table. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;

    private String[] ids;
    private int[] hashes;
    private long[] times;
    private int size;

    public IdTable() {
        this(MIN_CAPACITY);
    }

    private IdTable(int capacity) {
        ids = new String[capacity];
        hashes = new int[capacity];
        times = new long[capacity];
    }

    private IdTable(String[] ids, int[] hashes, long[] times, int size) {
        this.ids = ids;
        this.hashes = hashes;
        this.times = times;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** When {@code id} was first seen, or {@link #ABSENT}. */
    public long firstSeen(String id) {
        int slot = slotOf(id, id.hashCode());
        return ids[slot] == null ? ABSENT : times[slot];
    }

    /**
     * Records {@code id} as first seen at {@code ts}, replacing an earlier time. {@code ts} is an
     * event time, never {@link #ABSENT}, which marks an empty answer and is dropped on a rebuild.
     */
    public void put(String id, long ts) {
        int hash = id.hashCode();
        int slot = slotOf(id, hash);
        if (ids[slot] == null) {
            ids[slot] = id;
            hashes[slot] = hash;
            size++;
        }
        times[slot] = ts;
        if (size * 4 > ids.length * 3) {
            resize(ids.length * 2);
        }
    }

    /** Forgets every id first seen at or before {@code ts}. */
    public void forgetSeenAtOrBefore(long ts) {
        int kept = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && times[i] > ts) {
                kept++;
            }
        }
        if (kept < size) {
            resize(capacityFor(kept), ts);
        }
    }

    /** An independent copy: the heap backend's copy-on-write, three array copies. */
    public IdTable copy() {
        return new IdTable(ids.clone(), hashes.clone(), times.clone(), size);
    }

    /** Visits every entry, in no particular order. */
    public void forEach(Entry visitor) throws IOException {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null) {
                visitor.accept(ids[i], times[i]);
            }
        }
    }

    /** Receives an entry. */
    @FunctionalInterface
    public interface Entry {
        void accept(String id, long firstSeen) throws IOException;
    }

    /** A table sized for {@code size} ids, to be filled with {@link #put}. */
    public static IdTable withRoomFor(int size) {
        return new IdTable(capacityFor(size));
    }

    private static int capacityFor(int size) {
        int capacity = MIN_CAPACITY;
        while (size * 4 > capacity * 3 / 2) { // filled to at most three eighths after a rebuild
            capacity *= 2;
        }
        return capacity;
    }

    /** The slot holding {@code id}, or the empty slot where it belongs (linear probing). */
    private int slotOf(String id, int hash) {
        int mask = ids.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            String there = ids[slot];
            if (there == null || (hashes[slot] == hash && there.equals(id))) {
                return slot;
            }
        }
    }

    /** Fibonacci hashing: String hashes of similar ids differ in their low bits only. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private void resize(int capacity) {
        resize(capacity, Long.MIN_VALUE);
    }

    /** Rebuilds the table at {@code capacity}, keeping only the ids first seen after {@code keepAfter}. */
    private void resize(int capacity, long keepAfter) {
        String[] oldIds = ids;
        int[] oldHashes = hashes;
        long[] oldTimes = times;
        ids = new String[capacity];
        hashes = new int[capacity];
        times = new long[capacity];
        size = 0;
        int mask = capacity - 1;
        for (int i = 0; i < oldIds.length; i++) {
            if (oldIds[i] != null && oldTimes[i] > keepAfter) {
                int slot = spread(oldHashes[i]) & mask;
                while (ids[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                ids[slot] = oldIds[i];
                hashes[slot] = oldHashes[i];
                times[slot] = oldTimes[i];
                size++;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdTable other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null && other.firstSeen(ids[i]) != times[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != null) {
                h += hashes[i] ^ Long.hashCode(times[i]);
            }
        }
        return h;
    }
}
