package com.adaudit.rules.ivt;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv4.IPv4AddressTrie;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressTrie;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data-centre and cloud-hosting ranges in force: CIDR blocks, IPv4 and IPv6, in prefix tries
 * (ipaddress), so a lookup costs a walk down one trie whatever the number of ranges. An address
 * is matched as written: IPv4 against the IPv4 blocks, IPv6 (also {@code ::ffff:a.b.c.d})
 * against the IPv6 blocks; a string that is not a plain IPv4 or IPv6 address lies in no range.
 *
 * <p>The blocks travel with the job graph as text. Building the tries takes about a second, so the
 * first operator instance of a JVM to look up builds them, and the instances of the same blocks
 * share them: after the build, lookups only read.
 */
public final class DatacenterRanges implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Plain addresses only: no prefix, mask, range, wildcard, zone or inet_aton forms. */
    private static final IPAddressStringParameters ADDRESS = new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowPrefix(false)
            .allowMask(false)
            .allowSingleSegment(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(IPAddressStringParameters.RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allow_inet_aton(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowZone(false)
            .getParentBuilder()
            .toParams();

    private record Tries(List<String> blocks, IPv4AddressTrie ipv4, IPv6AddressTrie ipv6) {}

    /** The tries last built in this JVM (a job has one list; a new list replaces them). */
    private static Tries shared;

    /**
     * Verdicts per address string, bounded (emptied when full): a repeat costs a hash lookup, not a
     * parse. Not shared: each operator instance deserializes its own copy of the ranges.
     */
    private static final int VERDICT_CACHE_SIZE = 100_000;

    private final List<String> blocks;
    private transient Tries tries;
    private transient Map<String, Boolean> verdicts;

    private DatacenterRanges(List<String> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Reads a range file: one CIDR block a line, {@code #} starts a comment anywhere on a line,
     * blank lines ignored. A line that is not a CIDR block, a block with host bits set included,
     * throws, naming the file and the line.
     */
    public static DatacenterRanges read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("data-centre ranges " + file + ": cannot be read: " + e.getMessage());
        }
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int comment = line.indexOf('#');
            String block = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (block.isEmpty()) {
                continue;
            }
            String problem = blockProblem(block);
            if (problem != null) {
                throw new IllegalArgumentException(
                        "data-centre ranges " + file + ", line " + (i + 1) + ": '" + block + "' " + problem);
            }
            blocks.add(block);
        }
        return new DatacenterRanges(blocks);
    }

    public static DatacenterRanges of(List<String> blocks) {
        for (String block : blocks) {
            String problem = blockProblem(block);
            if (problem != null) {
                throw new IllegalArgumentException("data-centre range '" + block + "' " + problem);
            }
        }
        return new DatacenterRanges(blocks);
    }

    private static String blockProblem(String block) {
        IPAddress address;
        try {
            address = new IPAddressString(block).toAddress();
        } catch (AddressStringException e) {
            return "is not a CIDR block: " + e.getMessage();
        }
        if (address.getNetworkPrefixLength() == null) {
            return "is not a CIDR block: it has no prefix length";
        }
        if (!address.isSinglePrefixBlock()) {
            return "is not a CIDR block: it has host bits set";
        }
        return null;
    }

    public int size() {
        return blocks.size();
    }

    /**
     * Builds the tries now (seconds for tens of thousands of ranges, once per JVM) rather than at
     * the first lookup, where it would hold up the first classification and its windows' results.
     */
    public void warmUp() {
        tries();
    }

    /** Whether {@code ip}, as written, lies in a range; {@code null} or not an address: no. */
    public boolean contains(String ip) {
        if (ip == null) {
            return false;
        }
        if (verdicts == null) {
            verdicts = new HashMap<>();
        }
        Boolean inRange = verdicts.get(ip);
        if (inRange == null) {
            inRange = lookUp(ip);
            if (verdicts.size() >= VERDICT_CACHE_SIZE) {
                verdicts.clear();
            }
            verdicts.put(ip, inRange);
        }
        return inRange;
    }

    private boolean lookUp(String ip) {
        long dottedQuad = dottedQuad(ip);
        return dottedQuad >= 0 ? tries().ipv4().elementContains(new IPv4Address((int) dottedQuad)) : parsedLookUp(ip);
    }

    /** The lookup with every address parsed by the library: what {@link #lookUp}'s shortcut must agree with. */
    boolean parsedLookUp(String ip) {
        IPAddress address = new IPAddressString(ip, ADDRESS).getAddress();
        if (address == null) {
            return false;
        }
        Tries t = tries();
        return address.isIPv4()
                ? t.ipv4().elementContains(address.toIPv4())
                : t.ipv6().elementContains(address.toIPv6());
    }

    /**
     * The common form of an IPv4 address, {@code a.b.c.d} with each part 0 to 255 in decimal without
     * leading zeros, as an unsigned 32-bit value; -1 for anything else, which the library parses.
     * Parsing every address with the library was a fifth of the classifier's time.
     */
    static long dottedQuad(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return -1;
        }
        long value = 0;
        int parts = 0;
        int part = 0;
        int digits = 0;
        for (int i = 0; i <= n; i++) {
            char ch = i < n ? s.charAt(i) : '.';
            if (ch >= '0' && ch <= '9') {
                if (digits > 0 && part == 0) {
                    return -1; // a leading zero
                }
                part = part * 10 + (ch - '0');
                if (++digits > 3 || part > 255) {
                    return -1;
                }
            } else if (ch == '.' && digits > 0) {
                value = (value << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        return parts == 4 ? value : -1;
    }

    private Tries tries() {
        if (tries == null) {
            synchronized (DatacenterRanges.class) {
                if (shared == null || !shared.blocks().equals(blocks)) {
                    shared = build(blocks);
                }
                tries = shared;
            }
        }
        return tries;
    }

    private static Tries build(List<String> blocks) {
        IPv4AddressTrie four = new IPv4AddressTrie();
        IPv6AddressTrie six = new IPv6AddressTrie();
        for (String block : blocks) {
            IPAddress address = new IPAddressString(block).getAddress();
            // a block re-made from its bits and prefix: a parsed address keeps its parse with it
            // (about 70 MB for the bundled list), a trie node needs only the bits
            Integer prefix = address.getNetworkPrefixLength();
            if (address.isIPv4()) {
                four.add(new IPv4Address(address.toIPv4().intValue(), prefix));
            } else {
                six.add(new IPv6Address(address.getBytes(), prefix));
            }
        }
        return new Tries(blocks, four, six);
    }
}
