package com.adaudit.rules.gap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class MeasuredWindowsTest {

    @Test
    void keepsWindowsInStartOrderAndReplacesARetally() {
        long[] windows = MeasuredWindows.put(null, 200, 300, 7);
        windows = MeasuredWindows.put(windows, 0, 100, 5);
        windows = MeasuredWindows.put(windows, 100, 200, 6);
        windows = MeasuredWindows.put(windows, 100, 200, 9);
        assertArrayEquals(new long[] {0, 100, 5, 100, 200, 9, 200, 300, 7}, windows);
    }

    @Test
    void dropsTheWindowsEndedByTheCutoff() {
        long[] windows = {0, 100, 5, 100, 200, 6, 200, 300, 7};
        assertArrayEquals(new long[] {200, 300, 7}, MeasuredWindows.endedAfter(windows, 200));
        assertSame(windows, MeasuredWindows.endedAfter(windows, 99), "nothing dropped, nothing copied");
        assertEquals(0, MeasuredWindows.endedAfter(windows, 300).length);
    }

    @Test
    void sumsTheWindowsStartingInAPeriod() {
        long[] windows = {0, 100, 5, 100, 200, 6, 200, 300, 7};
        assertEquals(11, MeasuredWindows.impressionsStartingIn(windows, 0, 200));
        assertEquals(7, MeasuredWindows.impressionsStartingIn(windows, 150, 1_000));
        assertEquals(0, MeasuredWindows.impressionsStartingIn(null, 0, 1_000));
    }
}
