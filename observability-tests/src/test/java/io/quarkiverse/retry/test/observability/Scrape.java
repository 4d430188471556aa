package io.quarkiverse.retry.test.observability;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /q/metrics} (Prometheus text format), with lookups by name and labels. */
final class Scrape {

    /** One sample: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** {@code name{labels} value}, perhaps followed by a timestamp or an exemplar ({@code # {trace_id=...} 1.0}). */
    private static final Pattern LINE = Pattern.compile(
            "^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    final String text;
    final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException("Not a sample: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    static Scrape now() {
        return new Scrape(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** The samples of {@code name} whose labels include all of {@code labels} (name, value, name, value...). */
    List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name.equals(name) && matches(sample.labels, labels)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The value of the one sample of {@code name} with {@code labels}; fails if there is none or several. */
    double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("Expected one sample " + name + " " + List.of(labels) + ", found " + found
                    + " in:\n" + retryLines());
        }
        return found.get(0).value;
    }

    /** The names of every sample. */
    List<String> names() {
        return samples.stream().map(Sample::name).distinct().toList();
    }

    /** The retry lines of the scrape, for failure messages. */
    String retryLines() {
        StringBuilder lines = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("retry_")) {
                lines.append(line).append('\n');
            }
        }
        return lines.toString();
    }

    private static boolean matches(Map<String, String> actual, String... expected) {
        for (int i = 0; i < expected.length; i += 2) {
            if (!expected[i + 1].equals(actual.get(expected[i]))) {
                return false;
            }
        }
        return true;
    }
}
