package io.quarkiverse.retry.runtime.jitterstudy;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import io.quarkiverse.retry.runtime.core.JitterType;
import io.quarkiverse.retry.runtime.jitterstudy.JitterStudy.Point;

/**
 * Draws the sweep as a two-panel line chart (mean calls vs clients, mean completion time vs clients; one line per
 * jitter type) with plain {@code java.awt} in headless mode, and writes it as PNG.
 */
final class JitterStudyChart {

    static final int PANEL_W = 720;
    static final int PANEL_H = 560;
    static final int TITLE_H = 50;

    private static final Color[] COLORS = {
            new Color(0x33, 0x33, 0x33), // none
            new Color(0xE6, 0x9F, 0x00), // proportional
            new Color(0x00, 0x72, 0xB2), // full
            new Color(0x00, 0x9E, 0x73), // equal
            new Color(0xCC, 0x33, 0x77), // decorrelated
    };
    private static final float[][] DASHES = { null, { 10f, 5f }, null, { 3f, 4f }, { 12f, 4f, 3f, 4f } };

    private JitterStudyChart() {
    }

    static void write(Path file, List<Point> points, int runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_W, PANEL_H + TITLE_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            String title = "Optimistic-concurrency contention: base 5 ms, cap 2 s, hops ~N(10 ms, 2 ms), mean of " + runs
                    + " runs per point";
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (image.getWidth() - fm.stringWidth(title)) / 2, 32);

            panel(g, 0, TITLE_H, points, "Calls (write attempts, all clients)", "calls per run", p -> p.meanCalls(),
                    false);
            panel(g, PANEL_W, TITLE_H, points, "Completion time (last client done)", "seconds (log scale)",
                    p -> p.meanTimeMs() / 1000.0, true);
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int x0, int y0, List<Point> points, String title, String yLabel,
            ToDoubleFunction<Point> value, boolean logY) {
        int left = x0 + 95;
        int right = x0 + PANEL_W - 25;
        int top = y0 + 40;
        int bottom = y0 + PANEL_H - 70;

        double xMin = 0;
        double xMax = points.stream().mapToInt(Point::clients).max().orElse(1);
        double yMaxData = points.stream().mapToDouble(value).max().orElse(1);
        double yMinData = points.stream().mapToDouble(value).min().orElse(1);
        double yStep = niceStep(yMaxData / 6);
        // linear: [0, yMax]; log: [yMin, yMax] at 1-2-5 steps
        double yMin = logY ? niceFloor125(yMinData) : 0;
        double yMax = logY ? niceCeil125(yMaxData) : Math.ceil(yMaxData / yStep) * yStep;
        Scale ys = logY ? new Scale(Math.log10(yMin), Math.log10(yMax), top, bottom, true)
                : new Scale(yMin, yMax, top, bottom, false);
        double xStep = niceStep(xMax / 10);

        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);

        // title
        g.setColor(Color.BLACK);
        g.setFont(titleFont);
        FontMetrics fm = g.getFontMetrics();
        g.drawString(title, (left + right - fm.stringWidth(title)) / 2, top - 14);

        // grid and ticks
        g.setFont(tickFont);
        fm = g.getFontMetrics();
        for (double y : logY ? ticks125(yMin, yMax) : ticksLinear(yMax, yStep)) {
            int py = ys.y(y);
            g.setColor(new Color(0xE4, 0xE4, 0xE4));
            g.drawLine(left, py, right, py);
            g.setColor(Color.BLACK);
            String s = logY ? tickLog(y) : tick(y, yStep);
            g.drawString(s, left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        for (double x = xMin; x <= xMax + xStep / 2; x += xStep) {
            int px = px(x, xMin, xMax, left, right);
            g.setColor(new Color(0xE4, 0xE4, 0xE4));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.BLACK);
            String s = tick(x, xStep);
            g.drawString(s, px - fm.stringWidth(s) / 2, bottom + fm.getAscent() + 6);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(left, top, right - left, bottom - top);

        // axis labels
        g.setFont(labelFont);
        fm = g.getFontMetrics();
        String xLabel = "clients";
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, bottom + 50);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, x0 + 25);
        g.setTransform(saved);

        // lines
        for (int i = 0; i < JitterStudy.TYPES.size(); i++) {
            JitterType type = JitterStudy.TYPES.get(i);
            List<Point> series = JitterStudyReport.ofType(points, type);
            g.setColor(COLORS[i]);
            g.setStroke(stroke(i));
            int[] xs = new int[series.size()];
            int[] yy = new int[series.size()];
            for (int k = 0; k < series.size(); k++) {
                xs[k] = px(series.get(k).clients(), xMin, xMax, left, right);
                yy[k] = ys.y(value.applyAsDouble(series.get(k)));
            }
            g.drawPolyline(xs, yy, xs.length);
            g.setStroke(new BasicStroke(1.5f));
            for (int k = 0; k < xs.length; k++) {
                marker(g, i, xs[k], yy[k]);
            }
        }

        // legend inside the plot: top left on the linear panel, bottom right (empty there) on the log panel
        g.setFont(tickFont);
        fm = g.getFontMetrics();
        int rowH = fm.getHeight() + 4;
        int legendW = 44 + JitterStudy.TYPES.stream().mapToInt(t -> g.getFontMetrics().stringWidth(
                JitterStudyReport.name(t))).max().orElse(60) + 12;
        int legendH = rowH * JitterStudy.TYPES.size() + 10;
        int lx = logY ? right - 14 - legendW + 8 : left + 14;
        int ly = logY ? bottom - 14 - legendH + 8 : top + 14;
        g.setColor(Color.WHITE);
        g.fillRect(lx - 8, ly - 8, legendW, rowH * JitterStudy.TYPES.size() + 10);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(lx - 8, ly - 8, legendW, rowH * JitterStudy.TYPES.size() + 10);
        for (int i = 0; i < JitterStudy.TYPES.size(); i++) {
            int cy = ly + i * rowH + rowH / 2;
            g.setColor(COLORS[i]);
            g.setStroke(stroke(i));
            g.drawLine(lx, cy, lx + 34, cy);
            g.setStroke(new BasicStroke(1.5f));
            marker(g, i, lx + 17, cy);
            g.setColor(Color.BLACK);
            g.drawString(JitterStudyReport.name(JitterStudy.TYPES.get(i)), lx + 44, cy + fm.getAscent() / 2 - 1);
        }
    }

    private static Stroke stroke(int i) {
        return DASHES[i] == null ? new BasicStroke(2.5f)
                : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, DASHES[i], 0f);
    }

    private static void marker(Graphics2D g, int i, int x, int y) {
        int r = 4;
        switch (i % 5) {
            case 0 -> g.fillRect(x - r, y - r, 2 * r, 2 * r);
            case 1 -> g.fillPolygon(new int[] { x, x + r + 1, x, x - r - 1 }, new int[] { y - r - 1, y, y + r + 1, y }, 4);
            case 2 -> g.fillOval(x - r, y - r, 2 * r, 2 * r);
            case 3 -> g.fillPolygon(new int[] { x, x + r + 1, x - r - 1 }, new int[] { y - r - 1, y + r, y + r }, 3);
            default -> g.drawOval(x - r, y - r, 2 * r, 2 * r);
        }
    }

    private static int px(double x, double xMin, double xMax, int left, int right) {
        return (int) Math.round(left + (x - xMin) / (xMax - xMin) * (right - left));
    }

    /** Maps data values to pixel rows, linearly or by log10. */
    private record Scale(double lo, double hi, int top, int bottom, boolean log) {
        int y(double v) {
            double t = log ? Math.log10(v) : v;
            return (int) Math.round(bottom - (t - lo) / (hi - lo) * (bottom - top));
        }
    }

    private static List<Double> ticksLinear(double yMax, double yStep) {
        List<Double> ticks = new ArrayList<>();
        for (int k = 0; k * yStep <= yMax + yStep / 2; k++) {
            ticks.add(k * yStep);
        }
        return ticks;
    }

    private static List<Double> ticks125(double lo, double hi) {
        List<Double> ticks = new ArrayList<>();
        for (double decade = Math.pow(10, Math.floor(Math.log10(lo))); decade <= hi; decade *= 10) {
            for (double m : new double[] { 1, 2, 5 }) {
                double v = m * decade;
                if (v >= lo * 0.999 && v <= hi * 1.001) {
                    ticks.add(v);
                }
            }
        }
        return ticks;
    }

    static double niceFloor125(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        double n = v / decade;
        return (n >= 5 ? 5 : n >= 2 ? 2 : 1) * decade;
    }

    static double niceCeil125(double v) {
        double decade = Math.pow(10, Math.floor(Math.log10(v)));
        double n = v / decade;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * decade;
    }

    private static String tickLog(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%,d", Math.round(v))
                : new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        double nice = n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static String tick(double v, double step) {
        if (step >= 1 && Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(v));
        }
        return String.format(Locale.ROOT, step >= 0.1 ? "%.1f" : "%.2f", v);
    }
}
