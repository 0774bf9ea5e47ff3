package com.adaudit.rules.ivt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real user agents of each kind, as YAUAA classes them. */
class UserAgentsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Googlebot/2.1 (+http://www.google.com/bot.html)",
                "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
                "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
                "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
                "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
                "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
                "curl/8.4.0",
                "Wget/1.21.4",
                "python-requests/2.31.0",
                "Go-http-client/1.1",
                "okhttp/4.12.0",
                "Apache-HttpClient/4.5.14 (Java/17.0.9)",
                "axios/1.6.2",
                "Scrapy/2.11.0 (+https://scrapy.org)",
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0"
                        + " Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) PhantomJS/2.1.1"
                        + " Safari/538.1",
                "",
                " ",
                "\t "
            })
    void robotsCrawlersMonitorsHeadlessBrowsersHttpLibrariesAndBlankAreBots(String userAgent) {
        assertTrue(UserAgents.isBot(userAgent), userAgent);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                        + " Safari/537.36",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " Version/17.1 Safari/605.1.15",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " Version/17.1 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/120.0.6099.43 Mobile Safari/537.36",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                        + " Safari/537.36 Edg/120.0.2210.61",
                "Mozilla/5.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " Mobile/15E148 [FBAN/FBIOS;FBAV/440.0.0.32.113]",
                "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
                "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " CriOS/120.0.6099.101 Mobile/15E148 Safari/604.1",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0"
                        + " Mobile Safari/537.36 OPR/79.0.4195.76",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                        + " Mobile/15E148 MicroMessenger/8.0.42(0x18002a2b) NetType/WIFI Language/zh_CN"
            })
    void mainstreamBrowsersWebViewsAndAppsAreNever(String userAgent) {
        assertFalse(UserAgents.isBot(userAgent), userAgent);
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "Mozilla/5.0"})
    void aStringThatNamesNoRobotIsNoBot(String userAgent) {
        assertFalse(UserAgents.isBot(userAgent), userAgent);
    }

    @org.junit.jupiter.api.Test
    void noUserAgentIsNoBot() {
        assertFalse(UserAgents.isBot(null));
    }
}
