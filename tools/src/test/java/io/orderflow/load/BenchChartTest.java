package io.orderflow.load;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchChartTest {

    private static final Pattern VERTEX = Pattern.compile("(-?\\d+\\.\\d),(-?\\d+\\.\\d)");

    @Test
    void theChartIsAWellFormedSvgOfTheSizeOfAPage() throws Exception {
        Element svg = parse(BenchChart.draw(result(orderflow(), baseline()))).getDocumentElement();

        assertEquals("svg", svg.getTagName());
        assertEquals("http://www.w3.org/2000/svg", svg.getNamespaceURI());
        assertEquals("960", svg.getAttribute("width"));
        assertEquals("720", svg.getAttribute("height"));
    }

    @Test
    void eachSeriesInALegendIsDrawnAsOnePath() throws Exception {
        Document chart = parse(BenchChart.draw(result(orderflow(), baseline())));

        List<String> legend = texts(chart, "legend");
        List<String> series = new ArrayList<>();
        NodeList paths = chart.getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            if (path.getAttribute("class").equals("series")) {
                series.add(path.getAttribute("data-series"));
            }
        }

        assertEquals(List.of("orders/s", "p50", "p99", "nats-server", "flows JVM / baseline JVM", "driver (bench JVM)"), legend);
        assertEquals(legend, series);
    }

    @Test
    void aSecondWithMoreOrdersIsDrawnHigherThanOneWithFewer() throws Exception {
        List<Timeline.Point> orderflow = orderflow();
        List<double[]> before = vertices(BenchChart.draw(result(orderflow, baseline())), "orders/s");
        orderflow.set(1, point(2, "warm-up", 300, 20.0, 40.0));
        List<double[]> after = vertices(BenchChart.draw(result(orderflow, baseline())), "orders/s");

        // y grows downwards: 100 orders/s under the 200 beside it, then 300 over it
        assertTrue(before.get(1)[1] > before.get(2)[1]);
        assertTrue(after.get(1)[1] < after.get(2)[1]);
        assertEquals(before.get(1)[0], after.get(1)[0]);
    }

    @Test
    void latencyIsDrawnOnALogScale() throws Exception {
        List<Timeline.Point> orderflow = List.of(point(1, "warm-up", 100, 1.0, 10.0), point(2, "warm-up", 100, 1.0, 100.0),
                point(3, "warm-up", 100, 1.0, 1000.0));
        List<double[]> p99 = vertices(BenchChart.draw(result(orderflow, List.of())), "p99");

        double tenfold = p99.get(0)[1] - p99.get(1)[1];
        assertTrue(tenfold > 10);
        assertEquals(tenfold, p99.get(1)[1] - p99.get(2)[1], 0.2);
    }

    @Test
    void aSecondWithoutLatencyBreaksTheLineInsteadOfDrawingZero() throws Exception {
        List<Timeline.Point> orderflow = List.of(point(1, "warm-up", 100, 5.0, 10.0), point(2, "warm-up", 0, null, null),
                point(3, "warm-up", 100, 5.0, 10.0));

        String d = path(BenchChart.draw(result(orderflow, List.of())), "p50");

        assertEquals(2, d.chars().filter(command -> command == 'M').count(), d);
        assertEquals(2, vertices(BenchChart.draw(result(orderflow, List.of())), "p50").size());
    }

    @Test
    void phasesAndTheHeadlineAreNamedAndTheirTextEscaped() throws Exception {
        List<Timeline.Point> orderflow = List.of(point(1, "warm-up", 100, 5.0, 10.0), point(2, "<fixed> & \"rate\"", 100, 5.0, 10.0));
        Document chart = parse(BenchChart.draw(result(orderflow, baseline())));

        List<String> texts = texts(chart, null);
        assertTrue(texts.contains("<fixed> & \"rate\""), texts.toString());
        assertTrue(texts.contains("measured"), texts.toString());
        assertTrue(texts.stream().anyMatch(text -> text.startsWith("./orderflow bench, 2026-11-30 14:03 UTC")), texts.toString());
        assertTrue(texts.stream().anyMatch(text -> text.contains("Orderflow 219.99 orders/s at 8.69 CPU ms per order")
                && text.contains("baseline 355.1 orders/s") && text.contains("Orderflow / baseline 0.62")), texts.toString());
    }

    @Test
    void theChartIsWrittenBesideTheJsonUnderItsName() {
        assertEquals(Path.of("target", "bench", "bench.svg"), BenchChart.beside(Path.of("target", "bench", "bench.json")));
        assertEquals(Path.of("runs", "tuesday.svg"), BenchChart.beside(Path.of("runs", "tuesday")));
    }

    private static List<Timeline.Point> orderflow() {
        return new ArrayList<>(List.of(point(1, "warm-up", 50, 8.0, 30.0), point(2, "warm-up", 100, 20.0, 40.0),
                point(3, "warm-up", 200, 30.0, 60.0), point(4, "fixed rate", 210, 900.0, 2000.0),
                point(5, "sustained", 220, 8000.0, 10000.0), point(6, "sustained", 215, 8500.0, 10100.0)));
    }

    private static List<Timeline.Point> baseline() {
        return List.of(point(9, "warm-up", 300, 4000.0, 6000.0), point(10, "measured", 355, 5400.0, 6300.0),
                point(11, "measured", 350, 5500.0, 6400.0));
    }

    private static Timeline.Point point(double seconds, String phase, long orders, Double p50, Double p99) {
        Map<String, Double> cores = new LinkedHashMap<>();
        cores.put("nats_server", 0.4);
        cores.put("flows", 1.2);
        cores.put("driver", 0.2);
        return new Timeline.Point(seconds, phase, orders, p50, p99, cores);
    }

    private static Bench.Result result(List<Timeline.Point> orderflow, List<Timeline.Point> baseline) {
        Map<String, Double> orderflowCores = new LinkedHashMap<>();
        orderflowCores.put("nats_server", 0.4);
        orderflowCores.put("flows", 1.26);
        orderflowCores.put("driver", 0.25);
        Map<String, Double> baselineCores = new LinkedHashMap<>();
        baselineCores.put("nats_server", 0.88);
        baselineCores.put("flows", 0.85);
        baselineCores.put("driver", 0.01);
        LoadReport.Latency latency = new LoadReport.Latency(8634.4, 9000, 10133.5, 11000);
        return new Bench.Result("2026-11-30T14:03:12.345Z", 2, 1,
                new Bench.Figures(219.99, latency, orderflowCores, new Bench.Heap(192, 79), null, null, null, orderflow),
                new Bench.Figures(355.1, latency, baselineCores, new Bench.Heap(235, 9), null, null, null, baseline), 0.62);
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    /** The text of every text element, or only of those of {@code className}. */
    private static List<String> texts(Document chart, String className) {
        List<String> texts = new ArrayList<>();
        NodeList elements = chart.getElementsByTagName("text");
        for (int i = 0; i < elements.getLength(); i++) {
            Element text = (Element) elements.item(i);
            if (className == null || text.getAttribute("class").equals(className)) {
                texts.add(text.getTextContent());
            }
        }
        return texts;
    }

    private static String path(String svg, String series) throws Exception {
        NodeList paths = parse(svg).getElementsByTagName("path");
        for (int i = 0; i < paths.getLength(); i++) {
            Element path = (Element) paths.item(i);
            if (path.getAttribute("data-series").equals(series)) {
                return path.getAttribute("d");
            }
        }
        throw new AssertionError("no path for " + series);
    }

    /** The points of a series' path, in the order of its seconds. */
    private static List<double[]> vertices(String svg, String series) throws Exception {
        List<double[]> vertices = new ArrayList<>();
        Matcher vertex = VERTEX.matcher(path(svg, series));
        while (vertex.find()) {
            vertices.add(new double[] {Double.parseDouble(vertex.group(1)), Double.parseDouble(vertex.group(2))});
        }
        return vertices;
    }
}
