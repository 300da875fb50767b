package io.laminardb.flink.parquet.corpus;

import io.laminardb.flink.parquet.source.LaminarParquetSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Shared plumbing of the corpus ITCases: where the corpus is, its MANIFEST.tsv / EXPECTED.tsv,
 * running a source on the shared MiniCluster, and turning Flink's internal data into plain Java
 * values.
 *
 * <p>The corpus is {@code ../shared/parquet-corpus} beside the project root. Surefire passes its
 * absolute path as the system property {@code corpus.dir}; without the property (an IDE run) the
 * relative locations from the project root and from the module directory are tried. The corpus is
 * never copied into the repository: when it is absent, every test is skipped through a JUnit
 * assumption.
 *
 * <p>Public (the location, the skip message, the unreadable files and the manifest) for the corpus
 * unit tests of other packages, such as {@code reader.ColumnDecoderCorpusTest}.
 */
public final class CorpusSupport {

    private CorpusSupport() {}

    public static final String ABSENT_MESSAGE =
            "Parquet corpus is absent (looked for ../shared/parquet-corpus, system property"
                    + " corpus.dir): skipping corpus tests";

    /**
     * Files the corpus README lists as unreadable by parquet-java (or by any reader): "Cannot be
     * read by either reader" and "Only DuckDB reads", less unknown-logical-type (parquet-java
     * 1.18.1 reads it).
     */
    public static final Set<String> UNREADABLE =
            Set.of(
                    "bad_data/PARQUET-1481.parquet",
                    "bad_data/ARROW-GH-41317.parquet",
                    "bad_data/ARROW-GH-41321.parquet",
                    "bad_data/ARROW-GH-47662.parquet",
                    "bad_data/ARROW-RS-GH-6229-DICTHEADER.parquet",
                    "bad_data/ARROW-RS-GH-6229-LEVELS.parquet",
                    "non_hadoop_lz4_compressed.parquet",
                    "nation.dict-malformed.parquet",
                    "large_string_map.brotli.parquet");

    /** A shared MiniCluster: one TaskManager with 4 slots. */
    static MiniClusterExtension newMiniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(4)
                        .build());
    }

    // ------------------------------------------------------------------------------------------
    // Locating the corpus
    // ------------------------------------------------------------------------------------------

    /** The corpus directory, or {@code null} when it does not exist. */
    public static Path corpusDirOrNull() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty("corpus.dir");
        if (property != null && !property.isBlank()) {
            // Surefire always sets it: trust it, so that a missing corpus skips the tests.
            candidates.add(Paths.get(property));
        } else {
            // An IDE run from the project root or from the module directory.
            candidates.add(Paths.get("../shared/parquet-corpus"));
            candidates.add(Paths.get("../../shared/parquet-corpus"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return null;
    }

    static boolean corpusPresent() {
        return corpusDirOrNull() != null;
    }

    /** The corpus directory; skips the calling test when the corpus is absent. */
    public static Path corpusDir() {
        Path dir = corpusDirOrNull();
        Assumptions.assumeTrue(dir != null, ABSENT_MESSAGE);
        return dir;
    }

    static String corpusPath(String relative) {
        return corpusDir().resolve(relative).toString();
    }

    // ------------------------------------------------------------------------------------------
    // MANIFEST.tsv and EXPECTED.tsv
    // ------------------------------------------------------------------------------------------

    private static final Pattern NUMBER = Pattern.compile("\\d+");

    static boolean isNumber(String s) {
        return s != null && NUMBER.matcher(s).matches();
    }

    /** Reads a TSV with a header line into maps keyed by the header names. */
    static List<Map<String, String>> readTsv(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String[] header = lines.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], i < cells.length ? cells[i] : "");
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static List<Map<String, String>> manifest(Path corpus) {
        return readTsv(corpus.resolve("MANIFEST.tsv"));
    }

    static List<Map<String, String>> expected(Path corpus) {
        return readTsv(corpus.resolve("EXPECTED.tsv"));
    }

    // ------------------------------------------------------------------------------------------
    // Running the source
    // ------------------------------------------------------------------------------------------

    /** An environment on the shared MiniCluster that fails a job at once instead of restarting. */
    static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.configure(conf);
        env.setParallelism(parallelism);
        return env;
    }

    /** Builds a RowData source for {@code path} with all columns. */
    static LaminarParquetSource<RowData> rowDataSource(String path) {
        return LaminarParquetSource.forRowData().path(path).build();
    }

    /**
     * Runs {@code source} to the end and converts every row on arrival with {@code converter} (the
     * collected rows are not reused, but converting at once keeps nothing Flink-owned).
     */
    static <R> List<R> collect(
            LaminarParquetSource<RowData> source,
            int parallelism,
            String jobName,
            Function<RowData, R> converter)
            throws Exception {
        List<R> out = new ArrayList<>();
        forEach(source, parallelism, jobName, row -> out.add(converter.apply(row)));
        return out;
    }

    /** Runs {@code source} to the end, hands every row to {@code consumer}, returns the count. */
    static long forEach(
            LaminarParquetSource<RowData> source,
            int parallelism,
            String jobName,
            Consumer<RowData> consumer)
            throws Exception {
        StreamExecutionEnvironment env = env(parallelism);
        long rows = 0;
        try (CloseableIterator<RowData> it =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "parquet")
                        .executeAndCollect(jobName)) {
            while (it.hasNext()) {
                consumer.accept(it.next());
                rows++;
            }
        }
        return rows;
    }

    /** Converts a whole row to Java values (see {@link #toJava}). */
    public static Function<RowData, Object[]> rowConverter(RowType type) {
        int n = type.getFieldCount();
        RowData.FieldGetter[] getters = new RowData.FieldGetter[n];
        List<Function<Object, Object>> converters = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            getters[i] = RowData.createFieldGetter(type.getTypeAt(i), i);
            converters.add(converter(type.getTypeAt(i)));
        }
        return row -> {
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                Object internal = getters[i].getFieldOrNull(row);
                values[i] = internal == null ? null : converters.get(i).apply(internal);
            }
            return values;
        };
    }

    /** Converts one internal value of {@code type} to a plain Java value. */
    static Object toJava(LogicalType type, Object internal) {
        return internal == null ? null : converter(type).apply(internal);
    }

    /**
     * A converter from Flink's internal data of {@code type} to plain Java values: numbers and
     * booleans as their boxed types, DECIMAL → BigDecimal, CHAR/VARCHAR → String, BINARY/VARBINARY
     * → byte[], DATE → LocalDate, TIME → LocalTime, TIMESTAMP → LocalDateTime, TIMESTAMP_LTZ →
     * Instant, ARRAY and ROW → List, MAP → LinkedHashMap (in the order of the map's entries).
     */
    public static Function<Object, Object> converter(LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
                return v -> v;
            case DECIMAL:
                return v -> ((DecimalData) v).toBigDecimal();
            case CHAR:
            case VARCHAR:
                return v -> ((StringData) v).toString();
            case BINARY:
            case VARBINARY:
                return v -> ((byte[]) v).clone();
            case DATE:
                return v -> LocalDate.ofEpochDay((Integer) v);
            case TIME_WITHOUT_TIME_ZONE:
                return v -> LocalTime.ofNanoOfDay((Integer) v * 1_000_000L);
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return v -> ((TimestampData) v).toLocalDateTime();
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return v -> ((TimestampData) v).toInstant();
            case ARRAY:
                {
                    LogicalType elementType = ((ArrayType) type).getElementType();
                    ArrayData.ElementGetter getter = ArrayData.createElementGetter(elementType);
                    Function<Object, Object> element = converter(elementType);
                    return v -> {
                        ArrayData array = (ArrayData) v;
                        List<Object> list = new ArrayList<>(array.size());
                        for (int i = 0; i < array.size(); i++) {
                            Object e = getter.getElementOrNull(array, i);
                            list.add(e == null ? null : element.apply(e));
                        }
                        return list;
                    };
                }
            case MAP:
                {
                    MapType mapType = (MapType) type;
                    ArrayData.ElementGetter keyGetter =
                            ArrayData.createElementGetter(mapType.getKeyType());
                    ArrayData.ElementGetter valueGetter =
                            ArrayData.createElementGetter(mapType.getValueType());
                    Function<Object, Object> key = converter(mapType.getKeyType());
                    Function<Object, Object> value = converter(mapType.getValueType());
                    return v -> {
                        MapData map = (MapData) v;
                        ArrayData keys = map.keyArray();
                        ArrayData values = map.valueArray();
                        Map<Object, Object> out = new LinkedHashMap<>();
                        for (int i = 0; i < map.size(); i++) {
                            Object k = keyGetter.getElementOrNull(keys, i);
                            Object val = valueGetter.getElementOrNull(values, i);
                            out.put(
                                    k == null ? null : key.apply(k),
                                    val == null ? null : value.apply(val));
                        }
                        return out;
                    };
                }
            case ROW:
                {
                    RowType rowType = (RowType) type;
                    Function<RowData, Object[]> fields = rowConverter(rowType);
                    return v -> Arrays.asList(fields.apply((RowData) v));
                }
            default:
                // Other types are not produced by the connector's documented mapping; keep the
                // internal object so that a test can still count it.
                return v -> v;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Failures
    // ------------------------------------------------------------------------------------------

    /** The exception chain (causes and suppressed exceptions), outermost first. */
    static List<Throwable> chain(Throwable t) {
        List<Throwable> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        collectChain(t, out, seen);
        return out;
    }

    private static void collectChain(Throwable t, List<Throwable> out, Set<Throwable> seen) {
        while (t != null && seen.add(t)) {
            out.add(t);
            for (Throwable s : t.getSuppressed()) {
                collectChain(s, out, seen);
            }
            t = t.getCause();
        }
    }

    /** "Class: message" of every exception in the chain, one per line. */
    static String describeChain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable e : chain(t)) {
            sb.append(e.getClass().getName()).append(": ").append(e.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** Whether any message in the chain (or its toString) contains {@code text}. */
    static boolean chainMentions(Throwable t, String text) {
        for (Throwable e : chain(t)) {
            String message = e.getMessage();
            if ((message != null && message.contains(text)) || e.toString().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
