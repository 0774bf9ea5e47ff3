package com.adaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Objects;
import org.junit.jupiter.api.Test;

class SourceKeyTest {

    /** Flink assigns key groups by the hash code: it must stay {@code Objects.hash} of the three, or savepoints break. */
    @Test
    void hashesAsObjectsHashOfItsParts() {
        String[][] keys = {{"ct-1", "c-1", "src-1"}, {"", "c-\u00e9", "s"}, {null, "c", null}, {"a", null, "b"}};
        for (String[] k : keys) {
            assertEquals(Objects.hash(k[0], k[1], k[2]), new SourceKey(k[0], k[1], k[2]).hashCode());
        }
    }

    @Test
    void equalWhenEveryPartIsEqualNullsIncluded() {
        SourceKey key = new SourceKey("ct-1", "c-1", "src-1");
        assertEquals(key, new SourceKey(new String("ct-1"), new String("c-1"), new String("src-1")));
        assertNotEquals(key, new SourceKey("ct-2", "c-1", "src-1"));
        assertNotEquals(key, new SourceKey("ct-1", "c-2", "src-1"));
        assertNotEquals(key, new SourceKey("ct-1", "c-1", "src-2"));
        assertNotEquals(key, new SourceKey(null, "c-1", "src-1"));
        assertEquals(new SourceKey(null, "c-1", null), new SourceKey(null, "c-1", null));
        assertNotEquals(key, (Object) "ct-1");
    }
}
