package com.adaudit.rules.ivt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatacenterRangesTest {

    private static final DatacenterRanges RANGES =
            DatacenterRanges.of(List.of("192.0.2.0/24", "198.18.0.0/15", "2001:db8:1::/48", "10.0.0.0/8"));

    @ParameterizedTest(name = "{0} in a range: {1}")
    @CsvSource({
        "192.0.2.0, true", // first address of the block
        "192.0.2.255, true", // last
        "192.0.3.0, false", // one past it
        "192.0.1.255, false", // one before it
        "198.19.255.255, true",
        "198.20.0.0, false",
        "10.200.3.4, true",
        "2001:db8:1::7, true",
        "2001:db8:1:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8:2::, false",
        "2001:DB8:1::1, true", // IPv6 in capitals is the same address
        "::ffff:192.0.2.5, false", // IPv6 is matched against IPv6 blocks only, as written
        "203.0.113.7, false",
        "not-an-ip, false",
        "192.0.2.1/32, false", // a block, not an address
        "192.0.2, false", // inet_aton shorthand is not an address here
        "192.0.2.7., false",
        "192.0.2.256, false",
        "192.0.2.07, true", // a leading zero: the shortcut leaves it to the library, which reads it as decimal 7
        "10.0.0.0.0, false",
        "'', false"
    })
    void matchesAnAddressAsWritten(String ip, boolean inRange) {
        assertEquals(inRange, RANGES.contains(ip));
    }

    @Test
    void theDottedQuadShortcutAgreesWithTheLibrary() {
        Random random = new Random(7);
        String[] near = {"192.0.2.", "192.0.3.", "198.19.", "198.20.", "10.", "9.", "0.", "255."};
        for (int i = 0; i < 20_000; i++) {
            String prefix = near[random.nextInt(near.length)];
            StringBuilder ip = new StringBuilder(prefix);
            for (int parts = prefix.split("\\.").length; parts < 4; parts++) {
                int form = random.nextInt(20);
                ip.append(
                        form == 0
                                ? "0" + random.nextInt(10)
                                : form == 1 ? "256" : Integer.toString(random.nextInt(256)));
                if (parts < 3) {
                    ip.append('.');
                }
            }
            String s = ip.toString();
            assertEquals(RANGES.parsedLookUp(s), RANGES.contains(s), s);
        }
        assertEquals(-1, DatacenterRanges.dottedQuad("1.2.3.04"));
        assertEquals(0xC0000207L, DatacenterRanges.dottedQuad("192.0.2.7"));
        assertEquals(0xFFFFFFFFL, DatacenterRanges.dottedQuad("255.255.255.255"));
    }

    /** Blocks enter the tries re-made from bits and prefix: single addresses and the whole space stay exact. */
    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
        "203.0.113.9/32, 203.0.113.9, true",
        "203.0.113.9/32, 203.0.113.10, false",
        "203.0.113.9/32, 203.0.113.8, false",
        "2001:db8::5/128, 2001:db8::5, true",
        "2001:db8::5/128, 2001:db8::6, false",
        "0.0.0.0/0, 255.255.255.255, true",
        "0.0.0.0/0, 2001:db8::5, false",
        "::/0, 2001:db8::5, true"
    })
    void singleAddressAndWholeSpaceBlocksAreExact(String block, String ip, boolean inRange) {
        assertEquals(inRange, DatacenterRanges.of(List.of(block)).contains(ip));
    }

    @Test
    void noIpIsInNoRange() {
        assertFalse(RANGES.contains(null));
    }

    @Test
    void readsBlocksWithCommentsAndBlankLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ranges.txt");
        Files.writeString(file, "# a list\n\n  192.0.2.0/24   # TEST-NET-1\n2001:db8::/32\n#198.18.0.0/15\n");
        DatacenterRanges ranges = DatacenterRanges.read(file);
        assertEquals(2, ranges.size());
        assertTrue(ranges.contains("192.0.2.9"));
        assertTrue(ranges.contains("2001:db8:ffff::1"));
        assertFalse(ranges.contains("198.18.0.1"), "a commented-out block");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "192.0.2.1/24, host bits set",
        "2001:db8::1/32, host bits set",
        "192.0.2.0, no prefix length",
        "192.0.2.0/33, not a CIDR block",
        "data-centre, not a CIDR block"
    })
    void aLineThatIsNotACidrBlockNamesTheFileAndTheLine(String line, String problem, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("ranges.txt");
        Files.writeString(file, "# header\n10.0.0.0/8\n" + line + "\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatacenterRanges.read(file));
        assertTrue(
                e.getMessage().startsWith("data-centre ranges " + file + ", line 3: '" + line + "'"), e.getMessage());
        assertTrue(
                e.getMessage().contains(problem.split(" ")[0].equals("host") ? "host bits" : "CIDR block"),
                e.getMessage());
    }

    @Test
    void theShippedListLoadsAndLooksUpQuickly() {
        DatacenterRanges shipped = DatacenterRanges.read(Path.of("conf/datacenter-ranges.txt"));
        assertTrue(shipped.size() > 50_000, "about 42k IPv4 and 9k IPv6 ranges");
        assertTrue(shipped.contains("1.12.0.1"), "the list's first IPv4 block, 1.12.0.0/14");
        assertTrue(shipped.contains("2001:310::1"), "the list's first IPv6 block, 2001:310::/32");
        assertFalse(shipped.contains("192.168.1.1"));
    }
}
