package com.adaudit.events;

/**
 * Keys of stages that hold state per id or per small key (de-duplication, sessions, duplicate
 * clicks): a shard of it instead of the id itself, or in a streaming job a group of shards
 * ({@link #key}). Each key keeps its ids in one map with timers per key and instant ({@code
 * ShardTimers}), not per id.
 *
 * <p>A shard is a {@code short}: the replay's batch mode sorts each keyed stage's input by eight
 * bytes of key and timestamp before it compares whole records, and a two-byte key leaves six of
 * them to the timestamp (a minute's resolution), so records of one shard are mostly ordered by
 * those bytes alone; a four-byte key left a shard's records to the far slower record comparison.
 */
public final class Shards {

    /** Shards of the id space: enough to spread over any parallelism (the default maximum is 128). */
    public static final int COUNT = 4096;

    /**
     * The keys a streaming job's sharded stages hold their state under: each key is a group of
     * {@code COUNT / STREAMING_KEYS} shards ({@link #key}). A streaming job holds every key's state
     * at once, and each record looks its key's state up among them: with 512 keys those look-ups
     * stay in the processor's caches, and every key's timers are fewer. The batch replay keeps
     * one key's state at a time, so it keys by the shard itself, and each key's tables stay small.
     * Part of the state layout: a savepoint restored into another number of keys would look its
     * ids up under the wrong keys.
     */
    public static final int STREAMING_KEYS = 512;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Shards() {}

    /** The shard of an id: FNV-1a over its chars, MurmurHash3's finalizer, then the low bits. */
    public static short of(String id) {
        return finish(fnv(FNV_OFFSET, id));
    }

    /** The shard of a key of several strings, the same way ({@code null} hashes as empty). */
    public static short of(String first, String... rest) {
        long h = fnv(FNV_OFFSET, first);
        for (String part : rest) {
            h = fnv(h * FNV_PRIME, part); // one more round between parts: ("ab", "") is not ("a", "b")
        }
        return finish(h);
    }

    /** The key, among {@code keys} (a power of two up to {@link #COUNT}), that holds {@code shard}'s state. */
    public static short key(short shard, int keys) {
        return (short) (shard & (keys - 1));
    }

    private static long fnv(long h, String s) {
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                h = (h ^ s.charAt(i)) * FNV_PRIME;
            }
        }
        return h;
    }

    private static short finish(long h) {
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (short) ((h ^ (h >>> 33)) & (COUNT - 1));
    }
}
