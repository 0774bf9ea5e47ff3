package com.adaudit.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every script explains itself: {@code --help} exits 0 and names every option the script parses. */
class ScriptHelpTest {

    private static final Pattern PARSED_OPTION = Pattern.compile("^\\s*(--[a-z-]+)\\)", Pattern.MULTILINE);

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "replay.sh",
                "generate.sh",
                "demo.sh",
                "accuracy.sh",
                "bench.sh",
                "cluster-failover.sh",
                "local-cluster.sh"
            })
    void helpExitsZeroAndNamesEveryOption(String script) throws Exception {
        Path path = Path.of("scripts", script);
        Process p = new ProcessBuilder("bash", path.toString(), "--help")
                .redirectErrorStream(true)
                .start();
        String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), help);
        assertTrue(help.contains("scripts/" + script), "a usage line: " + help);
        Matcher options = PARSED_OPTION.matcher(Files.readString(path));
        while (options.find()) {
            assertTrue(help.contains(options.group(1)), script + " --help does not name " + options.group(1));
        }
    }
}
