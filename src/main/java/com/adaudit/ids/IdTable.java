package com.adaudit.ids;

import java.io.IOException;
import java.util.Arrays;

/**
 * The ids one shard has seen, each with the {@code ts} it was first seen at: an open-addressing
 * table of two longs a slot (the id's hash and where its bytes are; its time), with the bytes of
 * the ids in fixed-size pages that are written once, for the heap state backend.
 *
 * <p>Why not a {@code HashMap<String, Long>} in a {@code MapState}: the heap backend copies a
 * state value before the first write while a snapshot is being written, and a hash map copies
 * entry by entry, where these arrays copy in bulk; a lookup compares hashes in the slots and
 * reads an id's bytes only when its hash matches; and a snapshot writes the slots without a
 * map's per-entry framing. Why bytes and not the {@code String}s: an id stays for the whole dedup
 * horizon, so each kept {@code String} was two more objects for the garbage collector to copy
 * from the young generation to the old and to track there.
 *
 * <p>Why one array of slots: a new id's probe and its write touch one cache line of the table.
 * With an array each for hashes, times, starts and lengths they touched four, each a miss in a
 * table larger than the caches (docs/benchmarks.md, sixteenth round). The length went into the
 * page, before the id's bytes: it is read only with the bytes.
 *
 * <p>Why pages: the bytes of an id never move once written. A page is only appended to, so a
 * {@link #copy} shares every page with its original (the copy never reads past what was written
 * when it was taken), growth adds a page instead of copying all of them, and forgetting drops the
 * pages no kept id is on. Ids arrive in about the order of their times, so whole pages expire
 * together; a page left with less than a quarter of its ids by stragglers has them moved to the
 * newest page. With one growing array, each checkpoint's copy and each doubling copied every
 * id's characters again, and the garbage collector moved them from the young generation to the
 * old: most of what a streaming job promoted (docs/benchmarks.md, fifteenth round).
 *
 * <p>An id whose characters are all Latin-1 is kept a byte a character, any other as UTF-16, two
 * bytes a character: each id has one encoding, so equal ids have equal bytes. Before the bytes,
 * their length and encoding as one unsigned LEB128 number, {@code bytes << 1 | utf16}: one byte
 * for an id of up to 63 Latin-1 characters.
 *
 * <p>Not thread-safe; the heap backend gives each operator instance its own copy of what it holds.
 */
public final class IdTable {

    /** What {@link #firstSeen} answers for an id that is not in the table. */
    public static final long ABSENT = Long.MIN_VALUE;

    private static final int MIN_CAPACITY = 16;

    /**
     * Stands in for an id's hash of 0, so that an occupied slot's first long is never 0, the mark
     * of an empty one.
     */
    private static final int NOT_EMPTY = 1;

    /** A page holds 16 KiB: small enough to stay out of G1's humongous regions, large enough to be few. */
    private static final int PAGE_BITS = 14;

    private static final int PAGE_SIZE = 1 << PAGE_BITS;

    /**
     * Two longs a slot: at {@code 2 s} the id's hash in the high half and where its entry starts
     * in the low half (its page in the high bits, the offset in the page in the low {@link
     * #PAGE_BITS}), 0 for an empty slot; at {@code 2 s + 1} the time it was first seen.
     */
    private long[] slots;

    private byte[][] pages;
    /** How many ids were written to each page in use: what its kept ids are measured against. */
    private int[] idsWritten;
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
        slots = new long[2 * capacity];
        pages = new byte[4][];
        idsWritten = new int[4];
    }

    private IdTable(IdTable from) {
        slots = from.slots.clone();
        pages = from.pages.clone(); // the pages themselves are shared: bytes below pageUsed never change
        idsWritten = from.idsWritten.clone();
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
        int at = slotOf(id, hashOf(id));
        return slots[at] == 0 ? ABSENT : slots[at + 1];
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
        int at = slotOf(id, hash);
        if (slots[at] == 0) {
            slots[at] = (long) hash << 32 | (append(id, scratch) & 0xFFFF_FFFFL);
            size++;
        } else if (Math.abs(ts - slots[at + 1]) <= horizon) {
            return false;
        }
        slots[at + 1] = ts;
        if (size * 4 > capacity() * 3) {
            rehash(capacity() * 2, Long.MIN_VALUE);
        }
        return true;
    }

    /** Forgets every id first seen at or before {@code ts}. */
    public void forgetSeenAtOrBefore(long ts) {
        int kept = 0;
        for (int at = 0; at < slots.length; at += 2) {
            if (slots[at] != 0 && slots[at + 1] > ts) {
                kept++;
            }
        }
        if (kept < size) {
            // the capacity stays while the table is more than an eighth full: ids keep coming
            int capacity = capacity();
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
        for (int at = 0; at < slots.length; at += 2) {
            if (slots[at] == 0) {
                continue;
            }
            int start = (int) slots[at];
            byte[] page = pages[start >>> PAGE_BITS];
            int offset = start & (PAGE_SIZE - 1);
            int code = lengthCode(page, offset);
            int from = offset + headerSize(code);
            int bytes = code >>> 1;
            if ((code & 1) == 0 && ascii(page, from, bytes)) {
                visitor.ascii(page, from, bytes, slots[at + 1]);
            } else {
                visitor.other(idAt(start), slots[at + 1]);
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

    private int capacity() {
        return slots.length >>> 1;
    }

    private static int hashOf(String id) {
        int hash = id.hashCode();
        return hash == 0 ? NOT_EMPTY : hash;
    }

    /** Where in {@link #slots} the slot holding {@code id} is, or the empty slot where it belongs (linear probing). */
    private int slotOf(String id, int hash) {
        int mask = slots.length - 2; // the even indices
        for (int at = (spread(hash) << 1) & mask; ; at = (at + 2) & mask) {
            long slot = slots[at];
            if (slot == 0 || ((int) (slot >>> 32) == hash && holds((int) slot, id))) {
                return at;
            }
        }
    }

    private boolean holds(int start, String id) {
        byte[] page = pages[start >>> PAGE_BITS];
        int offset = start & (PAGE_SIZE - 1);
        int code = lengthCode(page, offset);
        int at = offset + headerSize(code);
        int chars = id.length();
        if ((code & 1) == 0) {
            if (code >>> 1 != chars) {
                return false;
            }
            for (int i = 0; i < chars; i++) {
                if ((page[at + i] & 0xFF) != id.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        if (code >>> 1 != 2 * chars) {
            return false;
        }
        for (int i = 0; i < chars; i++) {
            if (((page[at + 2 * i] & 0xFF) << 8 | (page[at + 2 * i + 1] & 0xFF)) != id.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String idAt(int start) {
        byte[] page = pages[start >>> PAGE_BITS];
        int offset = start & (PAGE_SIZE - 1);
        int code = lengthCode(page, offset);
        int at = offset + headerSize(code);
        int bytes = code >>> 1;
        if ((code & 1) == 0) {
            char[] chars = new char[bytes];
            for (int i = 0; i < bytes; i++) {
                chars[i] = (char) (page[at + i] & 0xFF);
            }
            return new String(chars);
        }
        char[] chars = new char[bytes / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((page[at + 2 * i] & 0xFF) << 8 | (page[at + 2 * i + 1] & 0xFF));
        }
        return new String(chars);
    }

    /** The length code of the entry at {@code offset}: {@code bytes << 1 | utf16}, unsigned LEB128. */
    private static int lengthCode(byte[] page, int offset) {
        int code = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = page[offset++];
            code |= (b & 0x7F) << shift;
            if (b >= 0) {
                return code;
            }
        }
    }

    /** How many bytes {@code code} takes as unsigned LEB128. */
    private static int headerSize(int code) {
        return code == 0 ? 1 : (31 - Integer.numberOfLeadingZeros(code)) / 7 + 1;
    }

    /** Writes {@code id}'s entry after the last written one; where it starts. */
    private int append(String id, char[] scratch) {
        int chars = id.length();
        // one bulk copy of the characters, then loops over an array: String.charAt a character at
        // a time was a call each under the TaskManagers' inlining limits
        char[] c = chars <= scratch.length ? scratch : new char[chars];
        id.getChars(0, chars, c, 0);
        int widest = 0;
        for (int i = 0; i < chars; i++) {
            widest |= c[i];
        }
        boolean latin1 = widest <= 0xFF;
        int bytes = latin1 ? chars : 2 * chars;
        int code = bytes << 1 | (latin1 ? 0 : 1);
        byte[] page = room(headerSize(code) + bytes);
        int start = (pageCount - 1) << PAGE_BITS | pageUsed;
        int at = pageUsed;
        for (int rest = code; ; rest >>>= 7) {
            if (rest < 0x80) {
                page[at++] = (byte) rest;
                break;
            }
            page[at++] = (byte) (rest | 0x80);
        }
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
        idsWritten[pageCount - 1]++;
        return start;
    }

    /** The page to write {@code bytes} more to, at {@link #pageUsed}: the last, or a new one. */
    private byte[] room(int bytes) {
        // every entry takes a byte at least (its length), so one that fits starts before the page's
        // end: its offset stays in its bits of a start, even on a full page
        if (tail != null && bytes <= tailLength - pageUsed) {
            return tail;
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
            idsWritten = Arrays.copyOf(idsWritten, pages.length);
        }
        // an entry longer than a page gets a page of its own, and the next one a new one
        byte[] page = new byte[Math.max(PAGE_SIZE, bytes)];
        idsWritten[pageCount] = 0;
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
        long[] old = slots;
        byte[][] oldPages = pages;
        int[] newPageOf = null;
        if (keepAfter != Long.MIN_VALUE) {
            newPageOf = keptPages(keepAfter);
        }
        slots = new long[2 * capacity];
        size = 0;
        int mask = slots.length - 2;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] == 0 || old[i + 1] <= keepAfter) {
                continue;
            }
            int hash = (int) (old[i] >>> 32);
            int at = (spread(hash) << 1) & mask;
            while (slots[at] != 0) {
                at = (at + 2) & mask;
            }
            int start = (int) old[i];
            if (newPageOf != null) {
                int page = start >>> PAGE_BITS;
                start = newPageOf[page] >= 0
                        ? newPageOf[page] << PAGE_BITS | (start & (PAGE_SIZE - 1))
                        : rewrite(oldPages[page], start & (PAGE_SIZE - 1));
            }
            slots[at] = (long) hash << 32 | (start & 0xFFFF_FFFFL);
            slots[at + 1] = old[i + 1];
            size++;
        }
    }

    /**
     * Which pages stay, for a rebuild keeping the ids first seen after {@code keepAfter}: each old
     * page's new index, or -1 for a page that goes (no kept id on it, or so few that they are
     * written again). {@link #pages} becomes the pages that stay, in their order.
     */
    private int[] keptPages(long keepAfter) {
        int[] kept = new int[pageCount];
        for (int at = 0; at < slots.length; at += 2) {
            if (slots[at] != 0 && slots[at + 1] > keepAfter) {
                kept[(int) slots[at] >>> PAGE_BITS]++;
            }
        }
        int[] newPageOf = new int[pageCount];
        byte[][] stay = new byte[Math.max(4, pages.length)][];
        int[] stayWritten = new int[stay.length];
        int count = 0;
        for (int p = 0; p < pageCount; p++) {
            boolean last = p == pageCount - 1;
            if (kept[p] > 0 && (last || kept[p] * 4 >= idsWritten[p])) {
                stay[count] = pages[p];
                stayWritten[count] = idsWritten[p];
                newPageOf[p] = count++;
            } else {
                newPageOf[p] = -1;
            }
        }
        if (count == 0 || newPageOf[pageCount - 1] < 0) {
            tail = null; // the last page went: the next write starts a new one
        }
        pages = stay;
        idsWritten = stayWritten;
        pageCount = count;
        return newPageOf;
    }

    /** Writes the entry at {@code offset} of a page that goes to the last page; where it starts now. */
    private int rewrite(byte[] from, int offset) {
        int code = lengthCode(from, offset);
        int entry = headerSize(code) + (code >>> 1);
        byte[] page = room(entry);
        int start = (pageCount - 1) << PAGE_BITS | pageUsed;
        System.arraycopy(from, offset, page, pageUsed, entry);
        pageUsed += entry;
        idsWritten[pageCount - 1]++;
        return start;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof IdTable other) || other.size != size) {
            return false;
        }
        for (int at = 0; at < slots.length; at += 2) {
            if (slots[at] != 0 && other.firstSeen(idAt((int) slots[at])) != slots[at + 1]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int at = 0; at < slots.length; at += 2) {
            if (slots[at] != 0) {
                h += (int) (slots[at] >>> 32) ^ Long.hashCode(slots[at + 1]);
            }
        }
        return h;
    }
}
