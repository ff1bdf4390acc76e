package io.orderflow.load;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Draws a bench run as an SVG: orders ended per second, their latency p50 and p99, and the cores each process
 * used, in three panels over one time axis, Orderflow's phases first and the baseline's after them. Written
 * by hand: a few hundred points need no charting library, and the tools gain no dependency.
 */
final class BenchChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 720;
    private static final double LEFT = 72;
    private static final double RIGHT = WIDTH - 20;
    private static final double FIRST_PLOT_TOP = 110;
    private static final double PLOT_HEIGHT = 150;
    private static final double PANEL_STEP = 196;
    private static final double LAST_PLOT_BOTTOM = FIRST_PLOT_TOP + 2 * PANEL_STEP + PLOT_HEIGHT;
    /** About the width of a character of the 11 px sans-serif text, to lay legends out without measuring. */
    private static final double CHARACTER_WIDTH = 7;
    private static final String ORDERS_COLOUR = "#1f5fa8";
    private static final String P50_COLOUR = "#2e8b57";
    private static final String P99_COLOUR = "#c0392b";
    private static final List<String> PROCESS_COLOURS = List.of("#7b5ea7", "#e08a1e", "#8c8c8c", "#3a9fbf");
    private static final Map<String, String> PROCESS_NAMES = Map.of("nats_server", "nats-server",
            "flows", "flows JVM / baseline JVM", "driver", "driver (bench JVM)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** One system's seconds, and the two tints that tell its phases apart. */
    private record Run(String name, List<Timeline.Point> points, String tint, String otherTint) {
    }

    /** A phase of a run, from its first second's start to its last second's end. */
    private record Span(String phase, double from, double to) {
    }

    private record LegendEntry(String name, String colour) {
    }

    /** A linear axis from 0 to {@code max}, ticked every {@code step}. */
    private record LinearAxis(double max, double step) {

        /** Up to a round number above {@code highest}, in four or five steps. */
        static LinearAxis upTo(double highest) {
            if (highest <= 0) {
                return new LinearAxis(1, 0.25);
            }
            double step = roundStep(highest / 4);
            return new LinearAxis(Math.ceil(highest / step - 1e-9) * step, step);
        }
    }

    private final Bench.Result result;
    private final List<Run> runs;
    /** Seconds from the first phase's start to the last second drawn: the time axis. */
    private final double end;
    private final StringBuilder svg = new StringBuilder();

    private BenchChart(Bench.Result result) {
        this.result = result;
        this.runs = List.of(new Run("Orderflow", result.orderflow().timeline(), "#e8eef8", "#d5e1f2"),
                new Run("baseline (jnats)", result.baseline().timeline(), "#fbefe2", "#f6dfc6"));
        this.end = Math.max(1, points().mapToDouble(Timeline.Point::tS).max().orElse(1));
    }

    static String draw(Bench.Result result) {
        return new BenchChart(result).svg();
    }

    /** Where the chart of a bench's JSON goes: beside it, same name, {@code .svg}. */
    static Path beside(Path json) {
        String name = json.getFileName().toString();
        return json.resolveSibling((name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".svg");
    }

    private String svg() {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        element("rect", "width", WIDTH, "height", HEIGHT, "fill", "white");
        headline();
        phases();
        ordersPanel(plotTop(0));
        latencyPanel(plotTop(1));
        cpuPanel(plotTop(2));
        timeAxis();
        return svg.append("</svg>\n").toString();
    }

    private void headline() {
        Bench.Figures orderflow = result.orderflow();
        Bench.Figures baseline = result.baseline();
        text(LEFT, 24, "./orderflow bench, " + DATE.format(Instant.parse(result.finished()))
                + ": Orderflow beside its jnats baseline" + (result.replicas() > 1 ? ", " + result.replicas()
                + " NATS nodes, R" + result.replicas() : ""), "font-size", 16, "font-weight", "bold");
        text(LEFT, 44, "sustained: Orderflow " + number(orderflow.sustainedOrdersPerSecond()) + " orders/s at "
                + number(orderflow.cpuMsPerOrder().get("total")) + " CPU ms per order, baseline "
                + number(baseline.sustainedOrdersPerSecond()) + " orders/s at " + number(baseline.cpuMsPerOrder().get("total"))
                + " CPU ms per order; Orderflow / baseline " + number(result.ratio()), "font-size", 12);
    }

    /** Each run's name over it, its phases named and shaded in turn, a dashed line where each begins. */
    private void phases() {
        for (Run run : runs) {
            List<Span> spans = spans(run.points());
            if (spans.isEmpty()) {
                continue;
            }
            double first = x(spans.get(0).from());
            double last = x(spans.get(spans.size() - 1).to());
            text((first + last) / 2, 66, run.name(), "text-anchor", "middle", "font-size", 12, "font-weight", "bold");
            for (int i = 0; i < spans.size(); i++) {
                Span span = spans.get(i);
                double from = x(span.from());
                double to = x(span.to());
                element("line", "x1", from, "y1", 72, "x2", from, "y2", 88, "stroke", "#9a9a9a");
                for (int panel = 0; panel < 3; panel++) {
                    element("rect", "x", from, "y", plotTop(panel), "width", to - from, "height", PLOT_HEIGHT,
                            "fill", i % 2 == 0 ? run.tint() : run.otherTint());
                    element("line", "x1", from, "y1", plotTop(panel), "x2", from, "y2", plotTop(panel) + PLOT_HEIGHT,
                            "stroke", "#9a9a9a", "stroke-dasharray", "3,3");
                }
                text((from + to) / 2, 84, span.phase(), "text-anchor", "middle", "fill", "#333");
            }
        }
    }

    /** A point stands for the second that ended at its {@code t_s}, so a phase begins a second before its first. */
    private static List<Span> spans(List<Timeline.Point> points) {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Timeline.Point point = points.get(i);
            boolean lastOfPhase = i + 1 == points.size() || !points.get(i + 1).phase().equals(point.phase());
            if (lastOfPhase) {
                double from = spans.isEmpty() ? Math.max(0, points.get(0).tS() - 1) : spans.get(spans.size() - 1).to();
                spans.add(new Span(point.phase(), from, point.tS()));
            }
        }
        return spans;
    }

    private void ordersPanel(double top) {
        LinearAxis axis = LinearAxis.upTo(points().mapToDouble(Timeline.Point::ordersPerSecond).max().orElse(0));
        DoubleUnaryOperator y = value -> top + PLOT_HEIGHT * (1 - value / axis.max());
        header(top, "orders that reached their terminal event, per second",
                List.of(new LegendEntry("orders/s", ORDERS_COLOUR)));
        linearTicks(axis, y);
        line("orders/s", ORDERS_COLOUR, point -> (double) point.ordersPerSecond(), y);
        frame(top, "orders/s");
    }

    /** Log scale: latency runs from milliseconds when idle to seconds when orders queue. */
    private void latencyPanel(double top) {
        DoubleSummaryStatistics millis = points().flatMap(point -> Stream.of(point.p50Ms(), point.p99Ms()))
                .filter(Objects::nonNull).mapToDouble(value -> Math.max(value, 0.1)).summaryStatistics();
        int lowest = millis.getCount() == 0 ? 0 : (int) Math.floor(Math.log10(millis.getMin()));
        int highest = Math.max(lowest + 1, millis.getCount() == 0 ? 3 : (int) Math.ceil(Math.log10(millis.getMax())));
        DoubleUnaryOperator y = value -> top + PLOT_HEIGHT
                * (1 - (Math.log10(Math.max(value, Math.pow(10, lowest))) - lowest) / (highest - lowest));
        header(top, "latency of the orders that ended in each second (log scale)",
                List.of(new LegendEntry("p50", P50_COLOUR), new LegendEntry("p99", P99_COLOUR)));
        for (int decade = lowest; decade <= highest; decade++) {
            tick(y.applyAsDouble(Math.pow(10, decade)), decadeOfMillis(decade));
        }
        line("p50", P50_COLOUR, Timeline.Point::p50Ms, y);
        line("p99", P99_COLOUR, Timeline.Point::p99Ms, y);
        frame(top, "latency");
    }

    /** Stacked, so that the top edge is the cores the whole system used, against those the machine has. */
    private void cpuPanel(double top) {
        List<String> order = points().flatMap(point -> point.cpuCores().keySet().stream()).distinct().toList();
        double busiest = points().mapToDouble(point -> stacked(point, order, order.size())).max().orElse(0);
        LinearAxis axis = LinearAxis.upTo(Math.max(busiest, result.cores()));
        DoubleUnaryOperator y = value -> top + PLOT_HEIGHT * (1 - value / axis.max());
        List<LegendEntry> legend = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            legend.add(new LegendEntry(PROCESS_NAMES.getOrDefault(order.get(i), order.get(i)),
                    PROCESS_COLOURS.get(i % PROCESS_COLOURS.size())));
        }
        header(top, "CPU used by each process, cores (stacked)", legend);
        linearTicks(axis, y);
        for (int i = 0; i < order.size(); i++) {
            layer(legend.get(i), order, i, y);
        }
        double machine = y.applyAsDouble(result.cores());
        element("line", "x1", LEFT, "y1", machine, "x2", RIGHT, "y2", machine, "stroke", "#444", "stroke-dasharray", "6,4");
        text(RIGHT - 4, machine - 4, "the machine's " + result.cores() + " cores", "text-anchor", "end", "fill", "#444");
        frame(top, "cores");
    }

    /** The cores of the first {@code count} processes of {@code order} in one second. */
    private static double stacked(Timeline.Point point, List<String> order, int count) {
        double cores = 0;
        for (int i = 0; i < count; i++) {
            cores += point.cpuCores().getOrDefault(order.get(i), 0.0);
        }
        return cores;
    }

    /** One process's band: along its top edge, then back along the edge of the processes below it. */
    private void layer(LegendEntry entry, List<String> order, int index, DoubleUnaryOperator y) {
        StringBuilder d = new StringBuilder();
        for (Run run : runs) {
            List<Timeline.Point> points = run.points();
            for (int i = 0; i < points.size(); i++) {
                Timeline.Point point = points.get(i);
                d.append(i == 0 ? 'M' : 'L').append(xy(point.tS(), y.applyAsDouble(stacked(point, order, index + 1)))).append(' ');
            }
            for (int i = points.size() - 1; i >= 0; i--) {
                Timeline.Point point = points.get(i);
                d.append('L').append(xy(point.tS(), y.applyAsDouble(stacked(point, order, index)))).append(' ');
            }
            if (!points.isEmpty()) {
                d.append("Z ");
            }
        }
        element("path", "class", "series", "data-series", entry.name(), "d", d.toString().trim(), "fill", entry.colour(),
                "fill-opacity", 0.6, "stroke", entry.colour(), "stroke-width", 1);
    }

    /** One path for both runs, broken between them and wherever a second has no value. */
    private void line(String name, String colour, Function<Timeline.Point, Double> value, DoubleUnaryOperator y) {
        StringBuilder d = new StringBuilder();
        for (Run run : runs) {
            char command = 'M';
            for (Timeline.Point point : run.points()) {
                Double of = value.apply(point);
                if (of == null) {
                    command = 'M';
                    continue;
                }
                d.append(command).append(xy(point.tS(), y.applyAsDouble(of))).append(' ');
                command = 'L';
            }
        }
        element("path", "class", "series", "data-series", name, "d", d.toString().trim(), "fill", "none",
                "stroke", colour, "stroke-width", 1.5, "stroke-linejoin", "round");
    }

    /** The panel's title on the left of the line above it, its legend on the right. */
    private void header(double top, String title, List<LegendEntry> legend) {
        double baseline = top - 8;
        text(LEFT, baseline, title, "font-size", 12, "font-weight", "bold");
        double at = RIGHT - legend.stream().mapToDouble(BenchChart::legendWidth).sum();
        for (LegendEntry entry : legend) {
            element("rect", "x", at + 16, "y", baseline - 9, "width", 10, "height", 10, "fill", entry.colour());
            text(at + 30, baseline, entry.name(), "class", "legend");
            at += legendWidth(entry);
        }
    }

    /** A gap, the swatch, a space and the name. */
    private static double legendWidth(LegendEntry entry) {
        return 30 + entry.name().length() * CHARACTER_WIDTH;
    }

    private void linearTicks(LinearAxis axis, DoubleUnaryOperator y) {
        for (int i = 0; i * axis.step() <= axis.max() + 1e-9; i++) {
            tick(y.applyAsDouble(i * axis.step()), number(i * axis.step()));
        }
    }

    /** A grid line across the plot at {@code y}, labelled on the left. */
    private void tick(double y, String label) {
        element("line", "x1", LEFT - 4, "y1", y, "x2", RIGHT, "y2", y, "stroke", "#d8d8d8", "stroke-width", 0.7);
        text(LEFT - 7, y + 4, label, "text-anchor", "end");
    }

    /** The plot's left and bottom axes, with the time ticks and the quantity's name along the left. */
    private void frame(double top, String quantity) {
        double bottom = top + PLOT_HEIGHT;
        element("line", "x1", LEFT, "y1", top, "x2", LEFT, "y2", bottom, "stroke", "#333");
        element("line", "x1", LEFT, "y1", bottom, "x2", RIGHT, "y2", bottom, "stroke", "#333");
        double step = timeStep();
        for (int i = 0; i * step <= end + 1e-9; i++) {
            element("line", "x1", x(i * step), "y1", bottom, "x2", x(i * step), "y2", bottom + 4, "stroke", "#333");
        }
        double middle = top + PLOT_HEIGHT / 2;
        text(18, middle, quantity, "text-anchor", "middle", "transform", "rotate(-90 18 " + coordinate(middle) + ")");
    }

    private void timeAxis() {
        double step = timeStep();
        for (int i = 0; i * step <= end + 1e-9; i++) {
            text(x(i * step), LAST_PLOT_BOTTOM + 16, number(i * step), "text-anchor", "middle");
        }
        text((LEFT + RIGHT) / 2, LAST_PLOT_BOTTOM + 38, "seconds since the warm-up began", "text-anchor", "middle");
    }

    private double timeStep() {
        return roundStep(end / 10);
    }

    /** 1, 2 or 5 times a power of ten, the smallest not below {@code raw}. */
    private static double roundStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double multiple : new double[] {1, 2, 5}) {
            if (multiple * power >= raw - 1e-9) {
                return multiple * power;
            }
        }
        return 10 * power;
    }

    private static String decadeOfMillis(int decade) {
        return decade < 3 ? BigDecimal.ONE.scaleByPowerOfTen(decade).toPlainString() + " ms"
                : BigDecimal.ONE.scaleByPowerOfTen(decade - 3).toPlainString() + " s";
    }

    private Stream<Timeline.Point> points() {
        return runs.stream().flatMap(run -> run.points().stream());
    }

    private static double plotTop(int panel) {
        return FIRST_PLOT_TOP + panel * PANEL_STEP;
    }

    private double x(double seconds) {
        return LEFT + seconds / end * (RIGHT - LEFT);
    }

    private String xy(double seconds, double y) {
        return coordinate(x(seconds)) + "," + coordinate(y);
    }

    private void element(String name, Object... attributes) {
        svg.append('<').append(name);
        attributes(attributes);
        svg.append("/>\n");
    }

    private void text(double x, double y, String content, Object... attributes) {
        svg.append("<text x=\"").append(coordinate(x)).append("\" y=\"").append(coordinate(y)).append('"');
        attributes(attributes);
        svg.append('>').append(escape(content)).append("</text>\n");
    }

    private void attributes(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            svg.append(' ').append(namesAndValues[i]).append("=\"")
                    .append(escape(value instanceof Double number ? coordinate(number) : String.valueOf(value))).append('"');
        }
    }

    private static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Up to three decimals, none trailing. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
