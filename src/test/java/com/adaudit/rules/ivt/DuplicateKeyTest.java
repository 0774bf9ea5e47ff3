package com.adaudit.rules.ivt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DuplicateKeyTest {

    private static DuplicateKey key(
            String contract, String campaign, String source, String ip, String ua, boolean present) {
        return new DuplicateKey(contract, campaign, source, ip, ua, present);
    }

    @Test
    void equalWithAnEqualHashWhenEveryPartIsEqual() {
        DuplicateKey k = key("ct", "c", "s", "10.0.0.1", "Mozilla/5.0", true);
        DuplicateKey same = key(new String("ct"), "c", "s", new String("10.0.0.1"), new String("Mozilla/5.0"), true);
        assertEquals(k, same);
        assertEquals(k.hashCode(), same.hashCode());
        assertEquals(key(null, "c", "s", "", "", false), key(null, "c", "s", "", "", false));
    }

    @Test
    void eachPartTellsKeysApart() {
        DuplicateKey k = key("ct", "c", "s", "10.0.0.1", "ua", true);
        assertNotEquals(k, key("ct2", "c", "s", "10.0.0.1", "ua", true));
        assertNotEquals(k, key("ct", "c2", "s", "10.0.0.1", "ua", true));
        assertNotEquals(k, key("ct", "c", "s2", "10.0.0.1", "ua", true));
        assertNotEquals(k, key("ct", "c", "s", "10.0.0.2", "ua", true));
        assertNotEquals(k, key("ct", "c", "s", "10.0.0.1", "ub", true));
        // an absent user agent is not the blank one
        assertNotEquals(key("ct", "c", "s", "10.0.0.1", "", true), key("ct", "c", "s", "10.0.0.1", "", false));
        assertNotEquals(k, (Object) "ct");
    }
}
