package com.adaudit.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShardsTest {

    /** A streaming job's keys each hold the same number of shards, so its state spreads as evenly as the shards. */
    @Test
    void aStreamingKeyHoldsAnEqualShareOfTheShards() {
        int[] shardsPerKey = new int[Shards.STREAMING_KEYS];
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            shardsPerKey[Shards.key((short) shard, Shards.STREAMING_KEYS)]++;
        }
        for (int key = 0; key < Shards.STREAMING_KEYS; key++) {
            assertEquals(Shards.COUNT / Shards.STREAMING_KEYS, shardsPerKey[key], "key " + key);
        }
    }

    @Test
    void asManyKeysAsShardsKeyByTheShardItself() {
        for (int shard = 0; shard < Shards.COUNT; shard++) {
            assertEquals(shard, Shards.key((short) shard, Shards.COUNT));
        }
    }
}
