package com.adaudit.generate;

import com.adaudit.contracts.Rule;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Precision and recall per rule of a replay's flags against the generator's ground truth, by
 * source: a source injected with a rule's fraud should have that rule's flags, and no other
 * source should. Prints one line per rule.
 *
 * <pre>AccuracyReport --truth DIR/ground-truth.jsonl --flags OUT/flags.jsonl</pre>
 */
public final class AccuracyReport {

    /** One rule's confusion counts over sources. */
    public record Score(int truePositives, int falsePositives, int falseNegatives) {
        public double precision() {
            return truePositives + falsePositives == 0
                    ? 1.0
                    : (double) truePositives / (truePositives + falsePositives);
        }

        public double recall() {
            return truePositives + falseNegatives == 0
                    ? 1.0
                    : (double) truePositives / (truePositives + falseNegatives);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccuracyReport() {}

    public static void main(String[] args) throws IOException {
        org.apache.flink.util.ParameterTool p = org.apache.flink.util.ParameterTool.fromArgs(args);
        score(Path.of(p.getRequired("truth")), Path.of(p.getRequired("flags")))
                .forEach((rule, s) -> System.out.printf(
                        "%-19s precision %.3f  recall %.3f  (true positives %d, false positives %d,"
                                + " false negatives %d)%n",
                        rule, s.precision(), s.recall(), s.truePositives(), s.falsePositives(), s.falseNegatives()));
    }

    public static Map<Rule, Score> score(Path truthFile, Path flagsFile) throws IOException {
        Map<Rule, Set<String>> injected = sourcesByRule(truthFile);
        Map<Rule, Set<String>> flagged = sourcesByRule(flagsFile);
        Map<Rule, Score> scores = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            Set<String> truth = injected.get(rule);
            Set<String> found = flagged.get(rule);
            int tp = (int) found.stream().filter(truth::contains).count();
            scores.put(rule, new Score(tp, found.size() - tp, truth.size() - tp));
        }
        return scores;
    }

    private static Map<Rule, Set<String>> sourcesByRule(Path file) throws IOException {
        Map<Rule, Set<String>> sources = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            sources.put(rule, new HashSet<>());
        }
        for (String line : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(line);
            sources.get(Rule.valueOf(n.get("rule").asText()))
                    .add(n.get("campaign_id").asText() + "/"
                            + n.get("source_id").asText());
        }
        return sources;
    }
}
