package com.adaudit.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdTableTest {

    @Test
    void answersWhenAnIdWasFirstSeenAndAbsentForOthers() {
        IdTable t = new IdTable();
        t.put("k-1", 100);
        t.put("k-2", 200);
        assertEquals(100, t.firstSeen("k-1"));
        assertEquals(200, t.firstSeen("k-2"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-3"));
        t.put("k-1", 900);
        assertEquals(900, t.firstSeen("k-1"), "a later first sighting past the horizon replaces the time");
        assertEquals(2, t.size());
    }

    @Test
    void tellsApartIdsOfEqualStringHashes() {
        IdTable t = new IdTable();
        assertEquals("Aa".hashCode(), "BB".hashCode());
        t.put("Aa", 1);
        t.put("BB", 2);
        t.put("AaBB", 3);
        t.put("BBAa", 4);
        assertEquals(1, t.firstSeen("Aa"));
        assertEquals(2, t.firstSeen("BB"));
        assertEquals(3, t.firstSeen("AaBB"));
        assertEquals(4, t.firstSeen("BBAa"));
        assertEquals(IdTable.ABSENT, t.firstSeen("AaAa"));
    }

    /** Against a HashMap, through growth and expiry rounds. */
    @Test
    void agreesWithAHashMapThroughGrowthAndExpiry() {
        SplittableRandom random = new SplittableRandom(7);
        IdTable t = new IdTable();
        Map<String, Long> expected = new HashMap<>();
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 20_000; i++) {
                String id = "id-" + random.nextInt(60_000);
                long ts = round * 1_000L + random.nextInt(1_000);
                t.put(id, ts);
                expected.put(id, ts);
            }
            long cutoff = round * 1_000L + 500;
            t.forgetSeenAtOrBefore(cutoff);
            expected.values().removeIf(ts -> ts <= cutoff);
            assertEquals(expected.size(), t.size());
            for (int i = 0; i < 60_000; i++) {
                String id = "id-" + i;
                assertEquals(expected.getOrDefault(id, IdTable.ABSENT), t.firstSeen(id), id);
            }
        }
        t.forgetSeenAtOrBefore(Long.MAX_VALUE);
        assertEquals(0, t.size());
        assertEquals(IdTable.ABSENT, t.firstSeen("id-1"));
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        IdTable original = new IdTable();
        original.put("k-1", 1);
        IdTable copy = original.copy();
        copy.put("k-2", 2);
        copy.put("k-1", 5);
        original.forgetSeenAtOrBefore(1);
        assertEquals(0, original.size());
        assertEquals(IdTable.ABSENT, original.firstSeen("k-2"));
        assertEquals(5, copy.firstSeen("k-1"));
        assertEquals(2, copy.firstSeen("k-2"));
    }

    @Test
    void keepsIdsWhoseHashIsZeroAndIdsBeyondLatin1() {
        IdTable t = new IdTable();
        assertEquals(0, "\u0000".hashCode());
        assertEquals(0, "\u0000\u0000".hashCode());
        t.put("\u0000", 1);
        t.put("\u0000\u0000", 2);
        t.put("k-\u00e9\u4e2d\ud83d\ude00", 3);
        assertEquals(1, t.firstSeen("\u0000"));
        assertEquals(2, t.firstSeen("\u0000\u0000"));
        assertEquals(3, t.firstSeen("k-\u00e9\u4e2d\ud83d\ude00"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-\u00e9\u4e2d"));
        assertEquals(3, t.size());
    }

    /** Forgetting rewrites the shared characters: what is left reads back as it was put. */
    @Test
    void theIdsLeftAfterForgettingReadBackWhole() throws IOException {
        IdTable t = new IdTable();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String id = "id-" + "x".repeat(i % 37) + i;
            t.put(id, i);
            if (i > 600) {
                expected.put(id, (long) i);
            }
        }
        t.forgetSeenAtOrBefore(600);
        Map<String, Long> visited = new HashMap<>();
        t.forEach(visited::put);
        assertEquals(expected, visited);
    }
}
