package io.quarkiverse.retry.runtime.jitterstudy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.jitterstudy.JitterStudy.Point;

/** Writes the sweep as CSV (one row per point), a markdown table and a PNG chart. */
final class JitterStudyReport {

    private JitterStudyReport() {
    }

    static List<Path> write(Path dir, List<Point> points, int runs, long seed, String command) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("jitter-study.csv");
        Path md = dir.resolve("jitter-study.md");
        Path png = dir.resolve("jitter-study.png");
        Files.writeString(csv, csv(points), StandardCharsets.UTF_8);
        Files.writeString(md, markdown(points, runs, seed, command), StandardCharsets.UTF_8);
        JitterStudyChart.write(png, points, runs);
        return List.of(csv, md, png);
    }

    static String name(JitterType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    static String csv(List<Point> points) {
        StringBuilder sb = new StringBuilder(
                "clients,jitter,runs,mean_calls,sd_calls,se_calls,mean_time_ms,sd_time_ms,se_time_ms,median_time_ms,p95_time_ms\n");
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%d,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n", p.clients(),
                    name(p.type()), p.runs(), p.meanCalls(), p.sdCalls(), p.seCalls(), p.meanTimeMs(), p.sdTimeMs(),
                    p.seTimeMs(), p.medianTimeMs(), p.p95TimeMs()));
        }
        return sb.toString();
    }

    static String markdown(List<Point> points, int runs, long seed, String command) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Jitter study: ").append(runs).append(" runs per point, seed ").append(seed).append("\n\n");
        sb.append("Command: `").append(command).append("`\n\n");
        sb.append("## Mean calls (write attempts) per run\n\n");
        table(sb, points, p -> p.meanCalls(), "%.0f");
        sb.append("\n## Mean completion time per run (ms)\n\n");
        table(sb, points, p -> p.meanTimeMs(), "%.0f");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Point> points, ToDoubleFunction<Point> value, String format) {
        sb.append("| clients |");
        JitterStudy.TYPES.forEach(t -> sb.append(' ').append(name(t)).append(" |"));
        sb.append("\n|---:|");
        JitterStudy.TYPES.forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (int clients : new TreeSet<>(points.stream().map(Point::clients).toList())) {
            sb.append("| ").append(clients).append(" |");
            for (JitterType t : JitterStudy.TYPES) {
                Point p = find(points, clients, t);
                sb.append(' ').append(String.format(Locale.ROOT, format, value.applyAsDouble(p))).append(" |");
            }
            sb.append('\n');
        }
    }

    static Point find(List<Point> points, int clients, JitterType type) {
        for (Point p : points) {
            if (p.clients() == clients && p.type() == type) {
                return p;
            }
        }
        throw new IllegalArgumentException("no point for " + clients + " clients, " + type);
    }

    static List<Point> ofType(List<Point> points, JitterType type) {
        List<Point> result = new ArrayList<>();
        for (Point p : points) {
            if (p.type() == type) {
                result.add(p);
            }
        }
        result.sort((a, b) -> Integer.compare(a.clients(), b.clients()));
        return result;
    }
}
