package com.adaudit.ids;

/**
 * Keys of stages that hold state per id (de-duplication, sessions): a shard of the id instead of
 * the id itself. A shard is a small integer, a fixed-length key that the replay's batch mode
 * sorts by comparing four bytes, and each shard keeps its ids in one map with timers per shard
 * and instant, not per id.
 */
public final class Shards {

    /** Shards of the id space: enough to spread over any parallelism (the default maximum is 128). */
    public static final int COUNT = 4096;

    private Shards() {}

    /** The shard of an id: FNV-1a over its chars, MurmurHash3's finalizer, then the low bits. */
    public static int of(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) ((h ^ (h >>> 33)) & (COUNT - 1));
    }
}
