package com.adaudit.rules.ivt;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * Declared bots, from YAUAA (a maintained user-agent classifier): a user agent that is empty or
 * white space, or that YAUAA classes as a robot, a robot imitating a browser, a cloud or special
 * agent (crawlers, uptime monitors, headless browsers, HTTP libraries). Mainstream browsers, web
 * views and apps are not bots; nor is an unrecognised string (YAUAA's "Hacker" class): it names no
 * robot.
 *
 * <p>Building the analyzer takes seconds, so there is one per JVM, shared by every operator
 * instance; YAUAA's analyzer is not safe for concurrent use, so parses are serialised. Verdicts
 * are cached per user agent (a bounded map, emptied when full): a cached verdict costs a hash
 * lookup, no lock and no copy of YAUAA's result, and a verdict depends on the string alone.
 */
public final class UserAgents {

    private static final Set<String> BOT_DEVICE_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator");
    private static final Set<String> BOT_AGENT_CLASSES =
            Set.of("Robot", "Robot Mobile", "Cloud Application", "Special");
    static final int CACHE_SIZE = 20_000;
    private static final Map<String, Boolean> VERDICTS = new ConcurrentHashMap<>();

    private UserAgents() {}

    /** The analyzer of this JVM, built on first use. */
    private static final class Holder {
        static final UserAgentAnalyzer ANALYZER = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withoutCache()
                .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS)
                .dropTests() // YAUAA keeps its own test cases by default: 23 MB of heap and a second of build
                .immediateInitialization()
                .build();
    }

    /** Builds the analyzer now (operators call it when they open, not on their first click). */
    public static void warmUp() {
        isBot("Mozilla/5.0");
    }

    /** {@code null} (no user agent) is no bot. */
    public static boolean isBot(String userAgent) {
        if (userAgent == null) {
            return false;
        }
        if (userAgent.isBlank()) {
            return true;
        }
        Boolean bot = VERDICTS.get(userAgent);
        if (bot == null) {
            UserAgent parsed;
            synchronized (Holder.ANALYZER) {
                parsed = Holder.ANALYZER.parse(userAgent);
            }
            bot = BOT_DEVICE_CLASSES.contains(parsed.getValue(UserAgent.DEVICE_CLASS))
                    || BOT_AGENT_CLASSES.contains(parsed.getValue(UserAgent.AGENT_CLASS));
            if (VERDICTS.size() >= CACHE_SIZE) {
                VERDICTS.clear();
            }
            VERDICTS.put(userAgent, bot);
        }
        return bot;
    }
}
