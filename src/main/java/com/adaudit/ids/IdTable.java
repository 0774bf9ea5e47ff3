package com.adaudit.ids;

import java.io.IOException;
import java.util.Arrays;

/**
 * The ids one shard has seen, each with the {@code ts} it was first seen at: an open-addressing
 * table of parallel arrays (hashes, times, where each id's characters are), with the characters of
 * every id in one shared array, for the heap state backend.
 *
 * <p>Why not a {@code HashMap<String, Long>} in a {@code MapState}: the heap backend copies a
 * state value before the first write while a snapshot is being written, and a hash map copies
 * entry by entry, where these arrays copy in bulk; a lookup compares hashes in one array and
 * reads an id's characters only when its hash matches; and a snapshot writes the arrays without a
 * map's per-entry framing. Why the characters and not the {@code String}s: an id stays for the
 * whole dedup horizon, so each kept {@code String} was two more objects for the garbage collector
 * to copy from the young generation to the old and to track there; the characters are one array
 * per shard, and the record's {@code String} is garbage as soon as the record has passed.
 *
 * <p>Not thread-safe; the heap backend gives each operator instance its own copy of what it holds.
 */
public final class IdTable {

    /** What {@link #firstSeen} answers for an id that is not in the table. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;

    /** Marks an empty slot; an id whose hash is {@code EMPTY} is stored under {@link #NOT_EMPTY}. */
    private static final int EMPTY = 0;

    private static final int NOT_EMPTY = 1;

    private int[] hashes;
    private long[] times;
    /** Where each slot's id starts in {@link #chars}, and its length. */
    private int[] starts;

    private int[] lengths;
    private char[] chars;
    /** How much of {@link #chars} is in use. */
    private int used;

    private int size;

    public IdTable() {
        this(MIN_CAPACITY, 0);
    }

    private IdTable(int capacity, int charCapacity) {
        hashes = new int[capacity];
        times = new long[capacity];
        starts = new int[capacity];
        lengths = new int[capacity];
        chars = new char[Math.max(charCapacity, capacity * 8)];
    }

    private IdTable(IdTable from) {
        hashes = from.hashes.clone();
        times = from.times.clone();
        starts = from.starts.clone();
        lengths = from.lengths.clone();
        chars = from.chars.clone();
        used = from.used;
        size = from.size;
    }

    public int size() {
        return size;
    }

    /** When {@code id} was first seen, or {@link #ABSENT}. */
    public long firstSeen(String id) {
        int slot = slotOf(id, hashOf(id));
        return hashes[slot] == EMPTY ? ABSENT : times[slot];
    }

    /**
     * Records {@code id} as first seen at {@code ts}, replacing an earlier time. {@code ts} is an
     * event time, never {@link #ABSENT}, which marks an empty answer and is dropped on a rebuild.
     */
    public void put(String id, long ts) {
        int hash = hashOf(id);
        int slot = slotOf(id, hash);
        if (hashes[slot] == EMPTY) {
            hashes[slot] = hash;
            starts[slot] = append(id);
            lengths[slot] = id.length();
            size++;
        }
        times[slot] = ts;
        if (size * 4 > hashes.length * 3) {
            resize(hashes.length * 2, Long.MIN_VALUE);
        }
    }

    /** Forgets every id first seen at or before {@code ts}. */
    public void forgetSeenAtOrBefore(long ts) {
        int kept = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY && times[i] > ts) {
                kept++;
            }
        }
        if (kept < size) {
            resize(capacityFor(kept), ts);
        }
    }

    /** An independent copy: the heap backend's copy-on-write, five array copies. */
    public IdTable copy() {
        return new IdTable(this);
    }

    /** Visits every entry, in no particular order. */
    public void forEach(Entry visitor) throws IOException {
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY) {
                visitor.accept(new String(chars, starts[i], lengths[i]), times[i]);
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
        return new IdTable(capacityFor(size), 0);
    }

    private static int capacityFor(int size) {
        int capacity = MIN_CAPACITY;
        while (size * 4 > capacity * 3 / 2) { // filled to at most three eighths after a rebuild
            capacity *= 2;
        }
        return capacity;
    }

    private static int hashOf(String id) {
        int hash = id.hashCode();
        return hash == EMPTY ? NOT_EMPTY : hash;
    }

    /** The slot holding {@code id}, or the empty slot where it belongs (linear probing). */
    private int slotOf(String id, int hash) {
        int mask = hashes.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            int there = hashes[slot];
            if (there == EMPTY || (there == hash && holds(slot, id))) {
                return slot;
            }
        }
    }

    private boolean holds(int slot, String id) {
        int length = lengths[slot];
        if (length != id.length()) {
            return false;
        }
        int start = starts[slot];
        for (int i = 0; i < length; i++) {
            if (chars[start + i] != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Copies {@code id}'s characters to the end of the used part of {@link #chars}; returns where they start. */
    private int append(String id) {
        int start = used;
        if (start + id.length() > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + id.length()));
        }
        id.getChars(0, id.length(), chars, start);
        used = start + id.length();
        return start;
    }

    /** Fibonacci hashing: String hashes of similar ids differ in their low bits only. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Rebuilds the table at {@code capacity}, keeping only the ids first seen after {@code
     * keepAfter}; the characters of the ids it drops are dropped too.
     */
    private void resize(int capacity, long keepAfter) {
        int[] oldHashes = hashes;
        long[] oldTimes = times;
        int[] oldStarts = starts;
        int[] oldLengths = lengths;
        char[] oldChars = chars;
        boolean compact = keepAfter != Long.MIN_VALUE;
        hashes = new int[capacity];
        times = new long[capacity];
        starts = new int[capacity];
        lengths = new int[capacity];
        if (compact) {
            int keptChars = 0;
            for (int i = 0; i < oldHashes.length; i++) {
                if (oldHashes[i] != EMPTY && oldTimes[i] > keepAfter) {
                    keptChars += oldLengths[i];
                }
            }
            chars = new char[Math.max(keptChars * 2, capacity * 8)];
            used = 0;
        }
        size = 0;
        int mask = capacity - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] != EMPTY && oldTimes[i] > keepAfter) {
                int slot = spread(oldHashes[i]) & mask;
                while (hashes[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                times[slot] = oldTimes[i];
                lengths[slot] = oldLengths[i];
                if (compact) {
                    System.arraycopy(oldChars, oldStarts[i], chars, used, oldLengths[i]);
                    starts[slot] = used;
                    used += oldLengths[i];
                } else {
                    starts[slot] = oldStarts[i];
                }
                size++;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdTable other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY && other.firstSeen(new String(chars, starts[i], lengths[i])) != times[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY) {
                h += hashes[i] ^ Long.hashCode(times[i]);
            }
        }
        return h;
    }
}
