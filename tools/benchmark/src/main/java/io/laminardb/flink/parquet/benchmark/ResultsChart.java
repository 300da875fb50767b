package io.laminardb.flink.parquet.benchmark;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Draws the ratios of {@link ThroughputBenchmark} runs (ours/Flink's, per case, parallelism and
 * API) as an SVG bar chart, one panel per table, on a logarithmic scale with the line of parity,
 * the issue's target per case and, optionally, the ratios of an earlier state as marks over the
 * bars. Reads the Markdown that {@code tools/benchmark/run --out} writes, so a chart can be drawn
 * again from kept results without measuring again.
 *
 * <pre>
 * MAIN=ResultsChart tools/benchmark/run --results trade=trade.md --results wide=wide.md \
 *     --before tools/benchmark/baselines/issue-13-filed.csv --out docs/benchmarks-chart.svg
 * </pre>
 */
@Command(
        name = "results-chart",
        mixinStandardHelpOptions = true,
        description = "Draws ours/Flink's ratios of tools/benchmark/run results as an SVG chart.")
public final class ResultsChart implements Callable<Integer> {

    /** The cases in the order drawn, as the results name them, with their short label. */
    private static final String[][] CASES = {
        {"full scan", "full scan"}, {"projection", "projection"}, {"filtered", "5% window"}
    };

    private static final String[] APIS = {"DataStream", "SQL"};
    private static final String[] API_COLORS = {"#3b6fb6", "#e08a2c"};

    private static final int WIDTH = 960;
    private static final int PANEL_HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 60;
    private static final int BOTTOM = 50;
    private static final double LOW = 0.5;
    private static final double HIGH = 32;

    @Option(
            names = "--results",
            required = true,
            description =
                    "A table's results as LABEL=FILE (the Markdown of tools/benchmark/run --out);"
                            + " LABEL is trade, wide, typed, nested or deep, the table the file"
                            + " measured."
                            + " Repeatable: one panel each.")
    private Map<String, Path> results = new LinkedHashMap<>();

    @Option(
            names = "--before",
            description =
                    "Ratios of an earlier state, drawn as marks: a CSV of table,case,parallelism,"
                            + "api,ratio (case: full scan, projection, filtered).")
    private Path before;

    @Option(
            names = "--before-label",
            defaultValue = "when the issue was filed (wide table)",
            description = "What the marks of --before stand for (default: ${DEFAULT-VALUE}).")
    private String beforeLabel;

    @Option(names = "--out", required = true, description = "The SVG file to write.")
    private Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ResultsChart()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Map<String, Double> earlier = before == null ? Map.of() : readBefore(before);
        int height = TOP + results.size() * PANEL_HEIGHT + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                                + " font-family=\"sans-serif\" font-size=\"12\">%n",
                        WIDTH,
                        height));
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                        WIDTH,
                        height));
        svg.append(
                "<text x=\"20\" y=\"24\" font-size=\"16\" font-weight=\"bold\">"
                        + "LaminarParquetSource / Flink's FileSource + Parquet format: throughput"
                        + " ratio (above 1x: ours faster)</text>\n");
        legend(svg, !earlier.isEmpty());
        int panelTop = TOP;
        for (Map.Entry<String, Path> table : results.entrySet()) {
            Map<String, Double> ratios = readRatios(table.getValue());
            String prefix = table.getKey() + "|";
            if (!ratios.keySet().stream().allMatch(key -> key.startsWith(prefix))) {
                throw new IllegalArgumentException(
                        table.getValue() + " measured another table than " + table.getKey());
            }
            panel(svg, table.getKey(), ratios, earlier, panelTop);
            panelTop += PANEL_HEIGHT;
        }
        svg.append("</svg>\n");
        Files.writeString(out, svg.toString(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out);
        return 0;
    }

    private void legend(StringBuilder svg, boolean withBefore) {
        int x = 20;
        for (int a = 0; a < APIS.length; a++) {
            svg.append(rect(x, 36, 12, 12, API_COLORS[a]));
            svg.append(text(x + 16, 46, APIS[a], "start"));
            x += 110;
        }
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"42\" x2=\"%d\" y2=\"42\" stroke=\"#2a9d3a\""
                                + " stroke-width=\"2\" stroke-dasharray=\"5,3\"/>%n",
                        x,
                        x + 24));
        svg.append(text(x + 30, 46, "the issue's target", "start"));
        x += 150;
        if (withBefore) {
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"42\" x2=\"%d\" y2=\"42\" stroke=\"black\""
                                    + " stroke-width=\"3\"/>%n",
                            x,
                            x + 16));
            svg.append(text(x + 22, 46, beforeLabel, "start"));
        }
    }

    private void panel(
            StringBuilder svg,
            String table,
            Map<String, Double> ratios,
            Map<String, Double> earlier,
            int panelTop) {
        int plotTop = panelTop + 30;
        int plotBottom = panelTop + PANEL_HEIGHT - BOTTOM;
        int plotWidth = WIDTH - LEFT - RIGHT;
        svg.append(
                String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\">%s</text>%n",
                        LEFT,
                        panelTop + 16,
                        title(table)));
        for (double v = LOW; v <= HIGH; v *= 2) {
            double y = y(v, plotTop, plotBottom);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                            LEFT,
                            y,
                            WIDTH - RIGHT,
                            y,
                            v == 1 ? "#444" : "#ddd"));
            svg.append(
                    text(LEFT - 6, y + 4, (v < 1 ? "0.5" : String.valueOf((int) v)) + "x", "end"));
        }
        int groups = CASES.length * 2;
        double groupWidth = (double) plotWidth / groups;
        double barWidth = groupWidth * 0.32;
        for (int c = 0; c < CASES.length; c++) {
            double target = target(table, CASES[c][0]);
            double ty = y(target, plotTop, plotBottom);
            svg.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2a9d3a\""
                                    + " stroke-width=\"2\" stroke-dasharray=\"5,3\"/>%n",
                            LEFT + c * 2 * groupWidth + 4,
                            ty,
                            LEFT + (c + 1) * 2 * groupWidth - 4,
                            ty));
            for (int p = 1; p <= 2; p++) {
                int g = c * 2 + p - 1;
                double groupLeft = LEFT + g * groupWidth;
                double center = groupLeft + groupWidth / 2;
                svg.append(text(center, plotBottom + 18, CASES[c][1] + ", p=" + p, "middle"));
                for (int a = 0; a < APIS.length; a++) {
                    String key = key(table, CASES[c][0], p, APIS[a]);
                    double x = center + (a == 0 ? -barWidth - 2 : 2);
                    Double ratio = ratios.get(key);
                    if (ratio != null) {
                        double top = y(ratio, plotTop, plotBottom);
                        double base = y(LOW, plotTop, plotBottom);
                        svg.append(rect(x, top, barWidth, base - top, API_COLORS[a]));
                        svg.append(text(x + barWidth / 2, top - 4, format(ratio), "middle"));
                    }
                    Double then = earlier.get(key);
                    if (then != null) {
                        double ey = y(then, plotTop, plotBottom);
                        svg.append(
                                String.format(
                                        Locale.ROOT,
                                        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                                                + " stroke=\"black\" stroke-width=\"3\"/>%n",
                                        x - 3,
                                        ey,
                                        x + barWidth + 3,
                                        ey));
                    }
                }
            }
        }
    }

    private static String title(String table) {
        switch (table) {
            case "wide":
                return "wide table: 1M rows of about 1 KB";
            case "typed":
                return "typed table: 5M rows of booleans, decimals, dates, scattered NULLs"
                        + " (the trade table's targets)";
            case "nested":
                return "nested table: 2M rows of a struct, arrays and a map (the trade table's"
                        + " targets)";
            case "deep":
                return "deep table: 2M rows of nesting within nesting (the trade table's targets)";
            default:
                return "trade table: 10M rows of 10 narrow columns";
        }
    }

    /** The issue's target for a case (ours/Flink's, through both APIs). */
    private static double target(String table, String benchCase) {
        switch (benchCase) {
            case "full scan":
                return "wide".equals(table) ? 1.5 : 2;
            case "projection":
                return 1.5;
            default:
                return 10;
        }
    }

    private static double y(double value, int top, int bottom) {
        double v = Math.max(LOW, Math.min(HIGH, value));
        double span = Math.log(HIGH) - Math.log(LOW);
        return top + (Math.log(HIGH) - Math.log(v)) / span * (bottom - top);
    }

    private static String key(String table, String benchCase, int parallelism, String api) {
        return table + "|" + benchCase + "|" + parallelism + "|" + api;
    }

    /**
     * The ours/theirs column of the results' first table: for each row of our row source ({@code
     * laminar}) that has a ratio.
     */
    static Map<String, Double> readRatios(Path file) throws IOException {
        String table = null;
        Map<String, Double> ratios = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("- data set: the ")) {
                // "- data set: the wide table, ..." names the table
                String rest = line.substring("- data set: the ".length());
                table = rest.substring(0, Math.max(0, rest.indexOf(" table")));
            }
            List<String> cells = cells(line);
            if (cells.size() != 10 || !"laminar".equals(cells.get(3)) || cells.get(8).isEmpty()) {
                continue;
            }
            String benchCase = cells.get(0);
            int paren = benchCase.indexOf(" (");
            if (paren > 0) {
                benchCase = benchCase.substring(0, paren);
            }
            if (table == null) {
                throw new IllegalArgumentException(
                        file + " does not say which table it measured (\"- data set: the ...\")");
            }
            ratios.put(
                    key(table, benchCase, Integer.parseInt(cells.get(1)), cells.get(2)),
                    Double.parseDouble(cells.get(8)));
        }
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException(
                    file
                            + " has no ratio of the laminar source: not the --out of tools/benchmark/run");
        }
        return ratios;
    }

    private static Map<String, Double> readBefore(Path file) throws IOException {
        Map<String, Double> ratios = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith("table,")) {
                continue;
            }
            String[] f = line.split(",");
            if (f.length != 5) {
                throw new IllegalArgumentException(
                        file + ": expected table,case,parallelism,api,ratio, got: " + line);
            }
            ratios.put(
                    key(f[0].trim(), f[1].trim(), Integer.parseInt(f[2].trim()), f[3].trim()),
                    Double.parseDouble(f[4].trim()));
        }
        return ratios;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        if (!line.startsWith("|")) {
            return cells;
        }
        for (String cell : line.substring(1).split("\\|", -1)) {
            cells.add(cell.trim());
        }
        if (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
            cells.remove(cells.size() - 1);
        }
        return cells;
    }

    private static String rect(double x, double y, double w, double h, String fill) {
        return String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x,
                y,
                w,
                h,
                fill);
    }

    private static String text(double x, double y, String content, String anchor) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n",
                x,
                y,
                anchor,
                content.replace("&", "&amp;").replace("<", "&lt;"));
    }

    private static String format(double value) {
        return value >= 10
                ? String.format(Locale.ROOT, "%.1f", value)
                : value == Math.rint(value)
                        ? String.format(Locale.ROOT, "%.0f", value)
                        : String.format(Locale.ROOT, "%.2f", value);
    }
}
