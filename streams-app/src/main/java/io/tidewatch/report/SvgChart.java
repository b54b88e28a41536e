package io.tidewatch.report;

import static io.tidewatch.report.Html.esc;
import static io.tidewatch.report.Html.px;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one chart of the report: lines and bands over UTC time, with shaded time spans behind
 * them. Every panel (scores, CUSUM) is drawn here so they share scales, ticks and styling; CSS
 * classes of the page give each line its look.
 */
final class SvgChart {

    static final int WIDTH = 1110;
    static final int LEFT = 70;
    /** Room for half the last time label, which is centred on the plot's right edge. */
    static final int RIGHT = 20;
    static final int TOP = 8;
    static final int BOTTOM = 34;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    private static final int MAX_TIME_TICKS = 12;
    private static final int VALUE_TICKS = 4;

    /** A value at a time; a non-finite value breaks the line there (a gap in the data). */
    record Point(Instant t, double y) {
    }

    record Line(String css, List<Point> points) {
    }

    /** The area between two lines sampled at the same times. */
    record Band(String css, List<Point> lower, List<Point> upper) {
    }

    /** A shaded stretch of time; {@code label} is printed in it, {@code tooltip} shown on hover. */
    record Span(String css, Instant from, Instant to, String label, String tooltip) {
    }

    record Chart(String yLabel, int height, List<Span> spans, List<Band> bands, List<Line> lines, String emptyText) {
    }

    private SvgChart() {
    }

    /** {@code chart} over [from, to], which must be non-empty. */
    static String svg(final Instant from, final Instant to, final Chart chart) {
        final Frame f = Frame.of(from, to, chart);
        final StringBuilder b = new StringBuilder(4096);
        b.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(chart.height())
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(chart.height()).append("\">");
        chart.spans().forEach(s -> span(b, f, s));
        valueAxis(b, f, chart.yLabel());
        timeAxis(b, f);
        if (f.empty()) {
            b.append("<text class=\"empty\" x=\"").append(px(LEFT + PLOT_WIDTH / 2.0)).append("\" y=\"")
                    .append(px(TOP + f.plotHeight() / 2.0)).append("\">").append(esc(chart.emptyText())).append("</text>");
        }
        chart.bands().forEach(band -> band(b, f, band));
        chart.lines().forEach(line -> line(b, f, line));
        return b.append("</svg>").toString();
    }

    private static void span(final StringBuilder b, final Frame f, final Span s) {
        final double x0 = f.x(s.from().isBefore(f.from()) ? f.from() : s.from());
        final double x1 = f.x(s.to().isAfter(f.to()) ? f.to() : s.to());
        if (x1 <= x0) {
            return;
        }
        b.append("<rect class=\"span ").append(s.css()).append("\" x=\"").append(px(x0)).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(px(x1 - x0)).append("\" height=\"").append(px(f.plotHeight()))
                .append("\"><title>").append(esc(s.tooltip())).append("</title></rect>");
        // A label only where it fits; the tooltip carries it everywhere.
        if (!s.label().isEmpty() && x1 - x0 > 6.5 * s.label().length()) {
            b.append("<text class=\"span-label ").append(s.css()).append("\" x=\"").append(px(x0 + 4))
                    .append("\" y=\"").append(TOP + 12).append("\">").append(esc(s.label())).append("</text>");
        }
    }

    private static void valueAxis(final StringBuilder b, final Frame f, final String label) {
        if (!f.empty()) {
            final double step = Ticks.valueStep(f.lo(), f.hi(), VALUE_TICKS);
            for (final double v : Ticks.values(f.lo(), f.hi(), VALUE_TICKS)) {
                final String y = px(f.y(v));
                b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
                        .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\"/>")
                        .append("<text class=\"tick y\" x=\"").append(LEFT - 6).append("\" y=\"").append(y).append("\">")
                        .append(Ticks.valueLabel(v, step)).append("</text>");
            }
        }
        final String mid = px(TOP + f.plotHeight() / 2.0);
        b.append("<text class=\"axis-label\" transform=\"translate(14 ").append(mid).append(") rotate(-90)\">")
                .append(esc(label)).append("</text>");
    }

    private static void timeAxis(final StringBuilder b, final Frame f) {
        final long step = Ticks.timeStep(f.from(), f.to(), MAX_TIME_TICKS);
        final int base = TOP + (int) f.plotHeight();
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH)
                .append("\" y1=\"").append(base).append("\" y2=\"").append(base).append("\"/>");
        final List<Instant> ticks = Ticks.times(f.from(), f.to(), step);
        for (int i = 0; i < ticks.size(); i++) {
            final String x = px(f.x(ticks.get(i)));
            final String[] label = Ticks.timeLabel(ticks.get(i), step, i == 0);
            b.append("<line class=\"axis\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(base).append("\" y2=\"").append(base + 4).append("\"/>")
                    .append("<text class=\"tick x\" x=\"").append(x).append("\" y=\"").append(base + 15).append("\">")
                    .append(label[0]);
            if (!label[1].isEmpty()) {
                b.append("<tspan x=\"").append(x).append("\" dy=\"12\">").append(label[1]).append("</tspan>");
            }
            b.append("</text>");
        }
    }

    private static void band(final StringBuilder b, final Frame f, final Band band) {
        for (final int[] run : runs(band.lower(), band.upper())) {
            final List<Point> lower = new ArrayList<>(thin(band.lower().subList(run[0], run[1]), f));
            Collections.reverse(lower);
            final List<Point> outline = new ArrayList<>(thin(band.upper().subList(run[0], run[1]), f));
            outline.addAll(lower);
            b.append("<polygon class=\"").append(band.css()).append("\" points=\"").append(points(outline, f))
                    .append("\"/>");
        }
    }

    private static void line(final StringBuilder b, final Frame f, final Line line) {
        for (final int[] run : runs(line.points(), line.points())) {
            if (run[1] - run[0] == 1) {
                // A lone bucket between gaps has no neighbour to connect to: draw it as a dot.
                final Point p = line.points().get(run[0]);
                b.append("<circle class=\"").append(line.css()).append("\" cx=\"").append(px(f.x(p.t())))
                        .append("\" cy=\"").append(px(f.y(p.y()))).append("\" r=\"1.5\"/>");
                continue;
            }
            b.append("<polyline class=\"").append(line.css()).append("\" points=\"")
                    .append(points(thin(line.points().subList(run[0], run[1]), f), f)).append("\"/>");
        }
    }

    private static String points(final List<Point> points, final Frame f) {
        return points.stream().map(p -> px(f.x(p.t())) + "," + px(f.y(p.y()))).collect(Collectors.joining(" "));
    }

    /**
     * A month of one-minute buckets is 40 times more points than the plot has pixel columns. Per
     * column, the first, lowest, highest and last point (M4) draw the same picture, so a long
     * replay gives a file of a few MB instead of tens, with every peak still in it.
     */
    private static List<Point> thin(final List<Point> run, final Frame f) {
        if (run.size() <= 4 * PLOT_WIDTH) {
            return run;
        }
        final List<Point> kept = new ArrayList<>();
        for (int i = 0, j; i < run.size(); i = j) {
            final long column = (long) f.x(run.get(i).t());
            Point low = run.get(i);
            Point high = run.get(i);
            for (j = i; j < run.size() && (long) f.x(run.get(j).t()) == column; j++) {
                low = run.get(j).y() < low.y() ? run.get(j) : low;
                high = run.get(j).y() > high.y() ? run.get(j) : high;
            }
            Stream.of(run.get(i), low, high, run.get(j - 1)).distinct().sorted(Comparator.comparing(Point::t))
                    .forEach(kept::add);
        }
        return kept;
    }

    /** Index ranges [start, end) where both point lists are finite: the unbroken pieces. */
    private static List<int[]> runs(final List<Point> a, final List<Point> b) {
        final List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= a.size(); i++) {
            final boolean finite = i < a.size() && Double.isFinite(a.get(i).y()) && Double.isFinite(b.get(i).y());
            if (finite && start < 0) {
                start = i;
            } else if (!finite && start >= 0) {
                runs.add(new int[] {start, i});
                start = -1;
            }
        }
        return runs;
    }

    /** The mapping from (time, value) to SVG user units. */
    private record Frame(Instant from, Instant to, double plotHeight, double lo, double hi, boolean empty) {

        static Frame of(final Instant from, final Instant to, final Chart chart) {
            final DoubleSummaryStatistics ys = Stream.concat(
                            chart.lines().stream().flatMap(l -> l.points().stream()),
                            chart.bands().stream().flatMap(band -> Stream.concat(band.lower().stream(), band.upper().stream())))
                    .mapToDouble(Point::y).filter(Double::isFinite).summaryStatistics();
            final double plotHeight = chart.height() - TOP - BOTTOM;
            if (ys.getCount() == 0) {
                return new Frame(from, to, plotHeight, 0, 1, true);
            }
            final double min = ys.getMin();
            final double max = ys.getMax();
            // Some air above and below so lines do not run along the frame; a flat series gets a range too.
            final double pad = max > min ? (max - min) * 0.08 : min == 0 ? 1 : Math.abs(min) * 0.1;
            return new Frame(from, to, plotHeight, min - pad, max + pad, false);
        }

        double x(final Instant t) {
            final double span = to.toEpochMilli() - from.toEpochMilli();
            return LEFT + (t.toEpochMilli() - from.toEpochMilli()) * PLOT_WIDTH / span;
        }

        double y(final double v) {
            return TOP + (hi - v) * plotHeight / (hi - lo);
        }
    }
}
