package com.adaudit.rules.ivt;

import java.util.Set;
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
 * instance, with a bounded cache; YAUAA's analyzer is not safe for concurrent use, so calls are
 * serialised.
 */
public final class UserAgents {

    private static final Set<String> BOT_DEVICE_CLASSES = Set.of("Robot", "Robot Mobile", "Robot Imitator");
    private static final Set<String> BOT_AGENT_CLASSES =
            Set.of("Robot", "Robot Mobile", "Cloud Application", "Special");
    static final int CACHE_SIZE = 20_000;

    private UserAgents() {}

    /** The analyzer of this JVM, built on first use. */
    private static final class Holder {
        static final UserAgentAnalyzer ANALYZER = UserAgentAnalyzer.newBuilder()
                .hideMatcherLoadStats()
                .withCache(CACHE_SIZE)
                .withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS)
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
        UserAgent parsed;
        synchronized (Holder.ANALYZER) {
            parsed = Holder.ANALYZER.parse(userAgent);
        }
        return BOT_DEVICE_CLASSES.contains(parsed.getValue(UserAgent.DEVICE_CLASS))
                || BOT_AGENT_CLASSES.contains(parsed.getValue(UserAgent.AGENT_CLASS));
    }
}
