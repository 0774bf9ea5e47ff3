package com.adaudit.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdTableTest {

    /** The caller's array for an id's characters ({@link IdTable#put}); shorter than some ids here. */
    private static final char[] SCRATCH = new char[64];

    /** Every entry of {@code t}, read as a snapshot reads them. */
    private static Map<String, Long> entries(IdTable t) throws IOException {
        Map<String, Long> entries = new HashMap<>();
        t.forEachAsUtf8(new IdTable.Utf8Entry() {
            @Override
            public void ascii(byte[] bytes, int from, int length, long firstSeen) {
                entries.put(new String(bytes, from, length, StandardCharsets.US_ASCII), firstSeen);
            }

            @Override
            public void other(String id, long firstSeen) {
                entries.put(id, firstSeen);
            }
        });
        return entries;
    }

    @Test
    void answersWhenAnIdWasFirstSeenAndAbsentForOthers() {
        IdTable t = new IdTable();
        t.put("k-1", 100, SCRATCH);
        t.put("k-2", 200, SCRATCH);
        assertEquals(100, t.firstSeen("k-1"));
        assertEquals(200, t.firstSeen("k-2"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-3"));
        t.put("k-1", 900, SCRATCH);
        assertEquals(900, t.firstSeen("k-1"), "a later first sighting past the horizon replaces the time");
        assertEquals(2, t.size());
    }

    @Test
    void putsUnlessSeenWithinTheHorizonBothBoundsIncluded() {
        IdTable t = new IdTable();
        assertTrue(t.putUnlessSeenWithin("k-1", 1_000, 100, SCRATCH));
        assertFalse(t.putUnlessSeenWithin("k-1", 1_100, 100, SCRATCH), "exactly the horizon later");
        assertFalse(t.putUnlessSeenWithin("k-1", 900, 100, SCRATCH), "exactly the horizon earlier");
        assertEquals(1_000, t.firstSeen("k-1"), "a duplicate leaves the first time");
        assertTrue(t.putUnlessSeenWithin("k-1", 1_101, 100, SCRATCH), "one millisecond past it");
        assertEquals(1_101, t.firstSeen("k-1"));
        assertEquals(1, t.size());
    }

    @Test
    void tellsApartIdsOfEqualStringHashes() {
        IdTable t = new IdTable();
        assertEquals("Aa".hashCode(), "BB".hashCode());
        t.put("Aa", 1, SCRATCH);
        t.put("BB", 2, SCRATCH);
        t.put("AaBB", 3, SCRATCH);
        t.put("BBAa", 4, SCRATCH);
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
                t.put(id, ts, SCRATCH);
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
        original.put("k-1", 1, SCRATCH);
        IdTable copy = original.copy();
        copy.put("k-2", 2, SCRATCH);
        copy.put("k-1", 5, SCRATCH);
        original.forgetSeenAtOrBefore(1);
        assertEquals(0, original.size());
        assertEquals(IdTable.ABSENT, original.firstSeen("k-2"));
        assertEquals(5, copy.firstSeen("k-1"));
        assertEquals(2, copy.firstSeen("k-2"));
    }

    /**
     * A copy shares its original's pages: the original appending to the page they share, dropping
     * pages and moving ids off sparse pages leaves what the copy reads as it was.
     */
    @Test
    void aCopyReadsItsIdsWhateverItsOriginalWritesOrForgetsAfterwards() throws IOException {
        IdTable original = new IdTable();
        Map<String, Long> atCopy = new HashMap<>();
        for (int i = 0; i < 3_000; i++) { // about ten pages
            String id = "click-" + "0".repeat(40) + i;
            original.put(id, i, SCRATCH);
            atCopy.put(id, (long) i);
        }
        IdTable copy = original.copy();
        for (int i = 3_000; i < 6_000; i++) {
            original.put("click-" + "0".repeat(40) + i, i, SCRATCH);
        }
        original.forgetSeenAtOrBefore(2_990); // the pages of the copy's ids go, or have their few kept ids moved
        for (int i = 6_000; i < 9_000; i++) {
            original.put("click-" + "1".repeat(40) + i, i, SCRATCH);
        }
        Map<String, Long> read = new HashMap<>();
        read.putAll(entries(copy));
        assertEquals(atCopy, read);
        for (int i = 0; i < 3_000; i += 97) {
            assertEquals(i, copy.firstSeen("click-" + "0".repeat(40) + i));
        }
        assertEquals(6_009, original.size());
        assertEquals(2_991, original.firstSeen("click-" + "0".repeat(40) + 2_991));
        assertEquals(IdTable.ABSENT, original.firstSeen("click-" + "0".repeat(40) + 2_990));
    }

    /** Stragglers keep few ids on old pages: they are moved, and read back whole. */
    @Test
    void idsMovedOffSparsePagesReadBackWhole() throws IOException {
        IdTable t = new IdTable();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String id = "pv-" + i + "-" + "y".repeat(i % 29);
            long ts = i % 100 == 0 ? 1_000_000 + i : i; // one id in a hundred is late to expire
            t.put(id, ts, SCRATCH);
            if (ts > 19_000) {
                expected.put(id, ts);
            }
        }
        t.forgetSeenAtOrBefore(19_000);
        Map<String, Long> visited = new HashMap<>();
        visited.putAll(entries(t));
        assertEquals(expected, visited);
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), t.firstSeen(e.getKey()), e.getKey());
        }
        t.put("pv-new", 2_000_000, SCRATCH);
        assertEquals(2_000_000, t.firstSeen("pv-new"));
    }

    @Test
    void keepsIdsLongerThanAPageAndTheEmptyId() throws IOException {
        IdTable t = new IdTable();
        String longest = "L".repeat(40_000);
        String wide = "\u4e2d".repeat(9_000); // 18,000 bytes as UTF-16
        for (int i = 0; i < 700; i++) { // fills the first page
            t.put("a-" + "z".repeat(20) + i, 1, SCRATCH);
        }
        t.put(longest, 2, new char[8]); // a scratch too short for it
        t.put("", 3, SCRATCH);
        t.put(wide, 4, SCRATCH);
        t.put("after", 5, SCRATCH);
        assertEquals(2, t.firstSeen(longest));
        assertEquals(IdTable.ABSENT, t.firstSeen(longest.substring(1)));
        assertEquals(3, t.firstSeen(""));
        assertEquals(4, t.firstSeen(wide));
        assertEquals(5, t.firstSeen("after"));
        t.forgetSeenAtOrBefore(1);
        Map<String, Long> visited = new HashMap<>();
        visited.putAll(entries(t));
        assertEquals(Map.of(longest, 2L, "", 3L, wide, 4L, "after", 5L), visited);
    }

    @Test
    void keepsIdsWhoseHashIsZeroAndIdsBeyondLatin1() {
        IdTable t = new IdTable();
        assertEquals(0, "\u0000".hashCode());
        assertEquals(0, "\u0000\u0000".hashCode());
        t.put("\u0000", 1, SCRATCH);
        t.put("\u0000\u0000", 2, SCRATCH);
        t.put("k-\u00e9\u4e2d\ud83d\ude00", 3, SCRATCH);
        t.put("k-\u00e9\u00ff", 4, SCRATCH); // Latin-1 beyond ASCII, a byte a character
        t.put("k-\u0100", 5, SCRATCH); // the first character past Latin-1
        assertEquals(4, t.firstSeen("k-\u00e9\u00ff"));
        assertEquals(5, t.firstSeen("k-\u0100"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-\u0000"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-\u00e9\u00fe"));
        assertEquals(1, t.firstSeen("\u0000"));
        assertEquals(2, t.firstSeen("\u0000\u0000"));
        assertEquals(3, t.firstSeen("k-\u00e9\u4e2d\ud83d\ude00"));
        assertEquals(IdTable.ABSENT, t.firstSeen("k-\u00e9\u4e2d"));
        assertEquals(5, t.size());
    }

    /** What is left after forgetting reads back as it was put. */
    @Test
    void theIdsLeftAfterForgettingReadBackWhole() throws IOException {
        IdTable t = new IdTable();
        Map<String, Long> expected = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String id = "id-" + "x".repeat(i % 37) + i;
            t.put(id, i, SCRATCH);
            if (i > 600) {
                expected.put(id, (long) i);
            }
        }
        t.forgetSeenAtOrBefore(600);
        Map<String, Long> visited = new HashMap<>();
        visited.putAll(entries(t));
        assertEquals(expected, visited);
    }

    /**
     * An id's length goes before its bytes in one byte up to 63 Latin-1 characters (31 UTF-16),
     * in two from 64 (32): ids on both sides of the step, moved off a sparse page too.
     */
    @Test
    void idsEitherSideOfALongerLengthReadBackWhole() throws IOException {
        IdTable t = new IdTable();
        Map<String, Long> expected = new HashMap<>();
        for (int length : new int[] {62, 63, 64, 65, 8191, 8192}) {
            String latin1 = "\u00e9".repeat(length);
            t.put(latin1, length, SCRATCH);
            expected.put(latin1, (long) length);
            String wide = "\u4e2d".repeat(length / 2);
            t.put(wide, -length, SCRATCH);
            expected.put(wide, (long) -length);
        }
        for (int i = 0; i < 2_000; i++) { // pages of ids to forget, which leave the ones above sparse
            t.put("gone-" + i, Long.MIN_VALUE + 1, SCRATCH);
        }
        t.forgetSeenAtOrBefore(Long.MIN_VALUE + 1);
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), t.firstSeen(e.getKey()));
            assertEquals(IdTable.ABSENT, t.firstSeen(e.getKey() + "x"));
        }
        assertEquals(expected, entries(t));
    }
}
