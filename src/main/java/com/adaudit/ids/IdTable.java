package com.adaudit.ids;

import java.io.IOException;
import java.util.Arrays;

/**
 * The ids one shard has seen, each with the {@code ts} it was first seen at: an open-addressing
 * table of parallel arrays (hashes, times, where each id's bytes are), with the bytes of the ids
 * in fixed-size pages that are written once, for the heap state backend.
 *
 * <p>Why not a {@code HashMap<String, Long>} in a {@code MapState}: the heap backend copies a
 * state value before the first write while a snapshot is being written, and a hash map copies
 * entry by entry, where these arrays copy in bulk; a lookup compares hashes in one array and
 * reads an id's bytes only when its hash matches; and a snapshot writes the arrays without a
 * map's per-entry framing. Why bytes and not the {@code String}s: an id stays for the whole dedup
 * horizon, so each kept {@code String} was two more objects for the garbage collector to copy
 * from the young generation to the old and to track there.
 *
 * <p>Why pages: the bytes of an id never move once written. A page is only appended to, so a
 * {@link #copy} shares every page with its original (the copy never reads past what was written
 * when it was taken), growth adds a page instead of copying all of them, and forgetting drops the
 * pages no kept id is on. Ids arrive in about the order of their times, so whole pages expire
 * together; a page left mostly empty by stragglers has its kept ids moved to the newest page.
 * With one growing array, each checkpoint's copy and each doubling copied every id's
 * characters again, and the garbage collector moved them from the young generation to the old:
 * most of what a streaming job promoted (docs/benchmarks.md, fifteenth round).
 *
 * <p>An id whose characters are all Latin-1 is kept a byte a character, any other as UTF-16, two
 * bytes a character, its length negated: each id has one encoding, so equal ids have equal bytes.
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

    /** A page holds 16 KiB: small enough to stay out of G1's humongous regions, large enough to be few. */
    private static final int PAGE_BITS = 14;

    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    /** A page with less than this many bytes of kept ids has them moved when ids are forgotten. */
    private static final int SPARSE_PAGE = PAGE_SIZE / 4;

    private int[] hashes;
    private long[] times;
    /** Where each slot's id starts: its page in the high bits, the offset in the page in the low {@link #PAGE_BITS}. */
    private int[] starts;
    /** Each slot's id's length in bytes; negative for an id kept as UTF-16. */
    private int[] lengths;

    private byte[][] pages;
    /** How many entries of {@link #pages} are in use; the last is the one appended to. */
    private int pageCount;
    /** The last page, the one appended to, while there is one; its length beside it, so that asking for room reads neither. */
    private byte[] tail;

    private int tailLength;
    /** How much of {@link #tail} is written. */
    private int pageUsed;

    private int size;

    public IdTable() {
        this(MIN_CAPACITY);
    }

    private IdTable(int capacity) {
        hashes = new int[capacity];
        times = new long[capacity];
        starts = new int[capacity];
        lengths = new int[capacity];
        pages = new byte[4][];
    }

    private IdTable(IdTable from) {
        hashes = from.hashes.clone();
        times = from.times.clone();
        starts = from.starts.clone();
        lengths = from.lengths.clone();
        pages = from.pages.clone(); // the pages themselves are shared: bytes below pageUsed never change
        pageCount = from.pageCount;
        tail = from.tail;
        tailLength = from.tailLength;
        pageUsed = from.pageUsed;
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
     * event time, never {@link #ABSENT}. {@code scratch}, an array of the caller's (of any
     * length, one for all its tables, so that it stays in the cache), holds an id's characters
     * while they are written, if they fit.
     */
    public void put(String id, long ts, char[] scratch) {
        putUnlessSeenWithin(id, ts, -1, scratch);
    }

    /**
     * Admission's de-duplication in one probe of the table: unless {@code id} was first seen within
     * {@code horizon} of {@code ts} (inclusive), records it as first seen at {@code ts}, as {@link
     * #put}; whether it did.
     */
    public boolean putUnlessSeenWithin(String id, long ts, long horizon, char[] scratch) {
        int hash = hashOf(id);
        int slot = slotOf(id, hash);
        if (hashes[slot] == EMPTY) {
            hashes[slot] = hash;
            append(id, slot, id.length() <= scratch.length ? scratch : new char[id.length()]);
            size++;
        } else if (Math.abs(ts - times[slot]) <= horizon) {
            return false;
        }
        times[slot] = ts;
        if (size * 4 > hashes.length * 3) {
            rehash(hashes.length * 2, Long.MIN_VALUE);
        }
        return true;
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
            // the capacity stays while the table is more than an eighth full: ids keep coming
            int capacity = hashes.length;
            while (capacity > MIN_CAPACITY && kept * 8 < capacity) {
                capacity /= 2;
            }
            rehash(capacity, ts);
        }
    }

    /** An independent copy, for the heap backend's copy-on-write: the slots copied, the pages shared. */
    public IdTable copy() {
        return new IdTable(this);
    }

    /**
     * Visits every entry, in no particular order, an id of ASCII characters only as its bytes:
     * for a snapshot, which writes ids as UTF-8, where those bytes are already the id's UTF-8.
     */
    public void forEachAsUtf8(Utf8Entry visitor) throws IOException {
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] == EMPTY) {
                continue;
            }
            byte[] page = pages[starts[i] >>> PAGE_BITS];
            int at = starts[i] & (PAGE_SIZE - 1);
            int length = lengths[i];
            if (length >= 0 && ascii(page, at, length)) {
                visitor.ascii(page, at, length, times[i]);
            } else {
                visitor.other(idAt(i), times[i]);
            }
        }
    }

    /** Receives an entry from {@link #forEachAsUtf8}. */
    public interface Utf8Entry {
        /** An id as {@code length} ASCII bytes of {@code bytes} from {@code from}, which the visitor must not keep. */
        void ascii(byte[] bytes, int from, int length, long firstSeen) throws IOException;

        void other(String id, long firstSeen) throws IOException;
    }

    private static boolean ascii(byte[] bytes, int from, int length) {
        int negative = 0;
        for (int i = from; i < from + length; i++) {
            negative |= bytes[i];
        }
        return negative >= 0;
    }

    /** A table sized for {@code size} ids, to be filled with {@link #put}. */
    public static IdTable withRoomFor(int size) {
        int capacity = MIN_CAPACITY;
        while (size * 4 > capacity * 3 / 2) { // filled to at most three eighths
            capacity *= 2;
        }
        return new IdTable(capacity);
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
        byte[] page = pages[starts[slot] >>> PAGE_BITS];
        int at = starts[slot] & (PAGE_SIZE - 1);
        int length = lengths[slot];
        int chars = id.length();
        if (length >= 0) {
            if (length != chars) {
                return false;
            }
            for (int i = 0; i < chars; i++) {
                if ((page[at + i] & 0xFF) != id.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        if (-length != 2 * chars) {
            return false;
        }
        for (int i = 0; i < chars; i++) {
            if (((page[at + 2 * i] & 0xFF) << 8 | (page[at + 2 * i + 1] & 0xFF)) != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String idAt(int slot) {
        byte[] page = pages[starts[slot] >>> PAGE_BITS];
        int at = starts[slot] & (PAGE_SIZE - 1);
        int length = lengths[slot];
        if (length >= 0) {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) {
                chars[i] = (char) (page[at + i] & 0xFF);
            }
            return new String(chars);
        }
        char[] chars = new char[-length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((page[at + 2 * i] & 0xFF) << 8 | (page[at + 2 * i + 1] & 0xFF));
        }
        return new String(chars);
    }

    /** Writes {@code id}'s bytes after the last written ones, and where they are into {@code slot}. */
    private void append(String id, int slot, char[] c) {
        int chars = id.length();
        // one bulk copy of the characters, then loops over an array: String.charAt a character at
        // a time was a call each under the TaskManagers' inlining limits
        id.getChars(0, chars, c, 0);
        int widest = 0;
        for (int i = 0; i < chars; i++) {
            widest |= c[i];
        }
        boolean latin1 = widest <= 0xFF;
        int bytes = latin1 ? chars : 2 * chars;
        byte[] page = room(bytes);
        int at = pageUsed;
        if (latin1) {
            for (int i = 0; i < chars; i++) {
                page[at + i] = (byte) c[i];
            }
        } else {
            for (int i = 0; i < chars; i++) {
                page[at + 2 * i] = (byte) (c[i] >>> 8);
                page[at + 2 * i + 1] = (byte) c[i];
            }
        }
        pageUsed = at + bytes;
        starts[slot] = (pageCount - 1) << PAGE_BITS | at;
        lengths[slot] = latin1 ? bytes : -bytes;
    }

    /** The page to write {@code bytes} more to, at {@link #pageUsed}: the last, or a new one. */
    private byte[] room(int bytes) {
        // an offset stays below PAGE_SIZE, in its bits of a start, even for an empty id
        if (tail != null && pageUsed < tailLength && bytes <= tailLength - pageUsed) {
            return tail;
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        // an id longer than a page gets a page of its own, and the next id a new one
        byte[] page = new byte[Math.max(PAGE_SIZE, bytes)];
        pages[pageCount++] = page;
        tail = page;
        tailLength = page.length;
        pageUsed = 0;
        return page;
    }

    /** Fibonacci hashing: String hashes of similar ids differ in their low bits only. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Rebuilds the slots at {@code capacity}, keeping only the ids first seen after {@code
     * keepAfter}. When it drops ids ({@code keepAfter} above {@link Long#MIN_VALUE}), the pages
     * no kept id is on are dropped, and the kept ids of sparse pages are written again to the last page.
     */
    private void rehash(int capacity, long keepAfter) {
        int[] oldHashes = hashes;
        long[] oldTimes = times;
        int[] oldStarts = starts;
        int[] oldLengths = lengths;
        byte[][] oldPages = pages;
        int[] newPageOf = null;
        if (keepAfter != Long.MIN_VALUE) {
            newPageOf = keptPages(keepAfter);
        }
        hashes = new int[capacity];
        times = new long[capacity];
        starts = new int[capacity];
        lengths = new int[capacity];
        size = 0;
        int mask = capacity - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldHashes[i] == EMPTY || oldTimes[i] <= keepAfter) {
                continue;
            }
            int slot = spread(oldHashes[i]) & mask;
            while (hashes[slot] != EMPTY) {
                slot = (slot + 1) & mask;
            }
            hashes[slot] = oldHashes[i];
            times[slot] = oldTimes[i];
            lengths[slot] = oldLengths[i];
            int page = oldStarts[i] >>> PAGE_BITS;
            if (newPageOf == null) {
                starts[slot] = oldStarts[i];
            } else if (newPageOf[page] >= 0) {
                starts[slot] = newPageOf[page] << PAGE_BITS | (oldStarts[i] & (PAGE_SIZE - 1));
            } else {
                rewrite(oldPages[page], oldStarts[i] & (PAGE_SIZE - 1), oldLengths[i], slot);
            }
            size++;
        }
    }

    /**
     * Which pages stay, for a rebuild keeping the ids first seen after {@code keepAfter}: each old
     * page's new index, or -1 for a page that goes (no kept id on it, or so few that they are
     * written again). {@link #pages} becomes the pages that stay, in their order.
     */
    private int[] keptPages(long keepAfter) {
        int[] keptBytes = new int[pageCount];
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY && times[i] > keepAfter) {
                keptBytes[starts[i] >>> PAGE_BITS] += Math.abs(lengths[i]);
            }
        }
        int[] newPageOf = new int[pageCount];
        byte[][] stay = new byte[Math.max(4, pages.length)][];
        int count = 0;
        for (int p = 0; p < pageCount; p++) {
            boolean last = p == pageCount - 1;
            if (keptBytes[p] >= SPARSE_PAGE || (last && keptBytes[p] > 0)) {
                stay[count] = pages[p];
                newPageOf[p] = count++;
            } else {
                newPageOf[p] = -1;
            }
        }
        if (count == 0 || newPageOf[pageCount - 1] < 0) {
            tail = null; // the last page went: the next write starts a new one
        }
        pages = stay;
        pageCount = count;
        return newPageOf;
    }

    /** Writes an id's bytes, {@code length} as in {@link #lengths}, from a page that goes to the last page. */
    private void rewrite(byte[] from, int at, int length, int slot) {
        int bytes = Math.abs(length);
        byte[] page = room(bytes);
        System.arraycopy(from, at, page, pageUsed, bytes);
        starts[slot] = (pageCount - 1) << PAGE_BITS | pageUsed;
        lengths[slot] = length;
        pageUsed += bytes;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdTable other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < hashes.length; i++) {
            if (hashes[i] != EMPTY && other.firstSeen(idAt(i)) != times[i]) {
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
