package com.adaudit.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Reads the UTF-8 strings of serialized records through one buffer per thread, and gives the
 * fields that take few values (campaign, source, contract, currency, user agent, topic) one shared
 * {@code String} per value.
 *
 * <p>Why: every record crossing a shuffle was two arrays a string (the bytes read, then the
 * {@code String}'s own), a sixth of what a streaming job allocated; and each stage that looks a
 * record up by campaign or source hashed and compared freshly read strings byte by byte, where a
 * shared string has its hash cached and compares equal by identity. Values are strings, which are
 * immutable, so sharing them between records is safe.
 *
 * <p>One instance a thread (serializers are shared by the tasks of a TaskManager), and the
 * shared values are bounded: a table that fills up, with fuzzed input say, starts again empty.
 * The threads that read records are a task's own (its thread, a batch sort's threads), which end
 * with the task, so a reader does not outlive its job's class loader on a session cluster.
 */
final class StringReader {

    private static final ThreadLocal<StringReader> PER_THREAD = ThreadLocal.withInitial(StringReader::new);

    /** Longer values are read but not shared: user agents are the longest that repeat. */
    private static final int LONGEST_SHARED = 512;

    private static final int SLOTS = 4096;

    /** A dead letter's raw record can be large: such a one is read into an array of its own. */
    private static final int LARGEST_BUFFER = 1 << 16;

    private byte[] buffer = new byte[256];
    private final byte[][] sharedBytes = new byte[SLOTS][];
    private final String[] shared = new String[SLOTS];
    private int sharedCount;

    static StringReader current() {
        return PER_THREAD.get();
    }

    /** A string as {@link EventSerializer#writeString} writes it, or {@code null}. */
    String read(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = fill(in, length);
        return new String(utf8, 0, length, StandardCharsets.UTF_8);
    }

    /** Like {@link #read}, the same {@code String} for the same value while it stays in the table. */
    String readShared(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] utf8 = fill(in, length);
        if (length > LONGEST_SHARED) {
            return new String(utf8, 0, length, StandardCharsets.UTF_8);
        }
        int mask = SLOTS - 1;
        for (int slot = slotOf(utf8, length) & mask; ; slot = (slot + 1) & mask) {
            byte[] there = sharedBytes[slot];
            if (there == null) {
                return share(utf8, length, slot);
            }
            if (Arrays.equals(there, 0, there.length, utf8, 0, length)) {
                return shared[slot];
            }
        }
    }

    /** Copies one string as {@link EventSerializer} writes it, bytes for bytes. */
    void copy(DataInputView in, DataOutputView out) throws IOException {
        int length = in.readInt();
        out.writeInt(length);
        if (length > 0) {
            // through an array: DataOutputSerializer's write(DataInputView, int) does not grow its buffer
            out.write(fill(in, length), 0, length);
        }
    }

    /**
     * Where a value's probe starts: a hash of its length and of at most its first and last 32
     * bytes (a long user agent costs no more than a short one; equal values still compare in
     * full), spread by a multiplication, so that values alike but for a last digit, as source
     * ids are, do not fill neighbouring slots.
     */
    private static int slotOf(byte[] utf8, int length) {
        int hash = length;
        int head = Math.min(length, 32);
        for (int i = 0; i < head; i++) {
            hash = 31 * hash + utf8[i];
        }
        for (int i = Math.max(head, length - 32); i < length; i++) {
            hash = 31 * hash + utf8[i];
        }
        int spread = hash * 0x9E3779B9;
        return spread ^ (spread >>> 16);
    }

    private String share(byte[] utf8, int length, int slot) {
        String value = new String(utf8, 0, length, StandardCharsets.UTF_8);
        if (sharedCount * 4 >= SLOTS * 3) {
            Arrays.fill(sharedBytes, null);
            Arrays.fill(shared, null);
            sharedCount = 0;
            return value; // the slot found belonged to the table just emptied
        }
        sharedBytes[slot] = Arrays.copyOf(utf8, length);
        shared[slot] = value;
        sharedCount++;
        return value;
    }

    /** The next {@code length} bytes, in this thread's buffer unless they are too many to keep one that large. */
    private byte[] fill(DataInputView in, int length) throws IOException {
        byte[] into = buffer;
        if (length > into.length) {
            into = new byte[length];
            if (length <= LARGEST_BUFFER) {
                buffer = into;
            }
        }
        in.readFully(into, 0, length);
        return into;
    }
}
