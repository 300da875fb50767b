package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;

import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.annotation.Nullable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Timestamp columns declared with a lower precision than the file's (TIMESTAMP(3) over MICROS,
 * NANOS or INT96): values are truncated toward negative infinity, on the fast path (plain and
 * dictionary pages), the general path (INT96) and in nested fields; and filters on such columns
 * return exactly the rows whose truncated value matches, although statistics, dictionaries and the
 * page index hold the untruncated values. The data crosses 1970-01-01 with sub-millisecond digits,
 * in row groups of 64 rows and pages of 16.
 */
class TimestampNarrowingTest {

    private static final int ROWS = 300;

    @TempDir Path dir;

    // ------------------------------------------------------------------ values

    /**
     * The fast path takes REQUIRED columns of v1 pages, and OPTIONAL ones of v2 pages (v1 pages
     * list BIT_PACKED repetition levels); the general path the others.
     */
    @ParameterizedTest(name = "dictionary={0}, v2 pages={1}")
    @CsvSource({"true, false", "false, false", "true, true"})
    void valuesAreTruncatedAtTheDeclaredPrecision(boolean dictionary, boolean v2) throws Exception {
        write(dictionary, v2);
        RowType declared =
                row(
                        field("id", new BigIntType(false)),
                        field("micros", new TimestampType(3)),
                        field("nanos", new TimestampType(6)),
                        field("legacy", new TimestampType(3)),
                        field("utc", new LocalZonedTimestampType(3)),
                        field("millis", new TimestampType(0)),
                        field("s", row(field("ts", new TimestampType(3)))),
                        field("l", new ArrayType(new TimestampType(6))),
                        field("req", new TimestampType(false, 3)));

        List<List<Object>> rows = read(builder(declared), 13);
        assertThat(ids(rows)).containsExactlyInAnyOrderElementsOf(range(id -> true));
        for (List<Object> r : rows) {
            long id = (Long) r.get(0);
            assertThat(r.get(1)).as("micros of %s", id).isEqualTo(expected(micros(id), 3));
            assertThat(r.get(2)).as("nanos of %s", id).isEqualTo(expected(nanos(id), 6));
            assertThat(r.get(3)).as("legacy of %s", id).isEqualTo(expected(nanos(id), 3));
            assertThat(r.get(4)).as("utc of %s", id).isEqualTo(expected(micros(id), 3));
            assertThat(r.get(5)).as("millis of %s", id).isEqualTo(expected(millis(id), 0));
            RowData s = (RowData) r.get(6);
            assertThat(s.isNullAt(0) ? null : s.getTimestamp(0, 3))
                    .as("s.ts of %s", id)
                    .isEqualTo(expected(micros(id), 3));
            ArrayData l = (ArrayData) r.get(7);
            assertThat(l.size()).isEqualTo(2);
            assertThat(l.isNullAt(0) ? null : l.getTimestamp(0, 6))
                    .as("l[0] of %s", id)
                    .isEqualTo(expected(nanos(id), 6));
            assertThat(l.getTimestamp(1, 6)).isEqualTo(expected(second(id), 6));
            assertThat(r.get(8))
                    .as("req of %s", id)
                    .isEqualTo(expected(Math.floorDiv(second(id), 1_000L) * 1_000L, 3));
        }
    }

    @Test
    void wholeSecondsBeforeAndAfterTheEpoch() throws Exception {
        write(true, false);
        RowType declared =
                row(
                        field("id", new BigIntType(false)),
                        field("micros", new TimestampType(0)),
                        field("nanos", new TimestampType(3)),
                        field("legacy", new TimestampType(0)),
                        field("utc", new LocalZonedTimestampType(0)),
                        field("s", row(field("ts", new TimestampType(0)))));

        List<List<Object>> rows = read(builder(declared), 0);
        assertThat(rows).hasSize(ROWS);
        Set<Object> seconds = new LinkedHashSet<>();
        for (List<Object> r : rows) {
            long id = (Long) r.get(0);
            assertThat(r.get(1)).as("micros of %s", id).isEqualTo(expected(micros(id), 0));
            assertThat(r.get(2)).as("nanos of %s", id).isEqualTo(expected(nanos(id), 3));
            assertThat(r.get(3)).as("legacy of %s", id).isEqualTo(expected(nanos(id), 0));
            assertThat(r.get(4)).as("utc of %s", id).isEqualTo(expected(micros(id), 0));
            RowData s = (RowData) r.get(5);
            assertThat(s.isNullAt(0) ? null : s.getTimestamp(0, 0))
                    .isEqualTo(expected(micros(id), 0));
            seconds.add(r.get(1));
        }
        // -0.1 s .. +0.07 s: 23:59:59 of the day before the epoch, then the epoch itself.
        assertThat(seconds)
                .contains(
                        TimestampData.fromEpochMillis(-1_000),
                        TimestampData.fromEpochMillis(0),
                        null)
                .hasSize(3);
    }

    @Test
    void theKindOfTimestampMustStillMatch() throws Exception {
        write(true, false);
        RowType base = row(field("id", new BigIntType(false)));
        // isAdjustedToUTC=false is no TIMESTAMP_LTZ, and isAdjustedToUTC=true no TIMESTAMP,
        // whatever the precision.
        assertThatThrownBy(
                        () ->
                                read(
                                        builder(
                                                plus(
                                                        base,
                                                        field(
                                                                "micros",
                                                                new LocalZonedTimestampType(3)))),
                                        0))
                .hasMessageContaining("column 'micros'")
                .hasMessageContaining("TIMESTAMP_LTZ(3)");
        assertThatThrownBy(() -> read(builder(plus(base, field("utc", new TimestampType(3)))), 0))
                .hasMessageContaining("column 'utc'")
                .hasMessageContaining("TIMESTAMP(3)");
    }

    // ------------------------------------------------------------------ filters

    /**
     * Every comparison, IN and BETWEEN on the narrowed columns, with literals on and between the
     * declared precision's steps (and with more digits than it has), against a brute-force
     * evaluation on the truncated values.
     */
    @ParameterizedTest(name = "dictionary={0}")
    @ValueSource(booleans = {true, false})
    void filtersOnANarrowedColumnKeepExactlyTheMatchingRows(boolean dictionary) throws Exception {
        write(dictionary, false);
        Narrowed[] columns = {
            new Narrowed("micros", 6, 3, false),
            new Narrowed("micros", 6, 0, false),
            new Narrowed("nanos", 9, 6, false),
            new Narrowed("nanos", 9, 3, false),
            new Narrowed("millis", 3, 0, false),
            new Narrowed("utc", 6, 3, true),
        };
        int checked = 0;
        SoftAssertions softly = new SoftAssertions();
        for (Narrowed c : columns) {
            RowType declared = row(field("id", new BigIntType(false)), field(c.name, c.type()));
            for (long literal : literals(c)) {
                FilterValue l = c.literal(literal);
                FilterValue next = c.literal(literal + 1_000_000L);
                List<Case> cases =
                        List.of(
                                new Case(ParquetFilter.eq(c.name, l), v -> v == literal),
                                new Case(ParquetFilter.lt(c.name, l), v -> v < literal),
                                new Case(ParquetFilter.lte(c.name, l), v -> v <= literal),
                                new Case(ParquetFilter.gt(c.name, l), v -> v > literal),
                                new Case(ParquetFilter.gte(c.name, l), v -> v >= literal),
                                new Case(
                                        ParquetFilter.in(c.name, l, next),
                                        v -> v == literal || v == literal + 1_000_000L),
                                new Case(
                                        ParquetFilter.between(c.name, l, next),
                                        v -> v >= literal && v <= literal + 1_000_000L),
                                new Case(
                                        ParquetFilter.not(ParquetFilter.eq(c.name, l)),
                                        v -> v != literal));
                for (Case k : cases) {
                    List<Long> expected =
                            range(
                                    id -> {
                                        Long v = c.fileNanos(id);
                                        return v != null
                                                && k.matches.test(
                                                        Math.floorDiv(v, c.step()) * c.step());
                                    });
                    List<Long> actual = ids(read(builder(declared).filter(k.filter), 0));
                    softly.assertThat(actual)
                            .as("%s on %s", k.filter, c.type().asSummaryString())
                            .containsExactlyInAnyOrderElementsOf(expected);
                    checked += expected.isEmpty() ? 0 : 1;
                }
            }
        }
        softly.assertAll();
        assertThat(checked).isGreaterThan(100);
    }

    /** Literals in nanoseconds: values of the data and their neighbours, on and off the steps. */
    private static List<Long> literals(Narrowed c) {
        Set<Long> out = new LinkedHashSet<>();
        for (long id : new long[] {0, 63, 64, 131, 192, 299}) {
            Long v = c.fileNanos(id);
            if (v == null) {
                continue;
            }
            long truncated = Math.floorDiv(v, c.step()) * c.step();
            out.add(truncated); // on a step
            out.add(v); // the untruncated value: more digits than the declared precision
            out.add(truncated + c.step() / 2);
            out.add(truncated - 1);
        }
        out.add(0L);
        out.add(-1L);
        out.add(-1_000_000_000L);
        return new ArrayList<>(out);
    }

    private static final class Case {
        final ParquetFilter filter;
        final LongPredicate matches;

        Case(ParquetFilter filter, LongPredicate matches) {
            this.filter = filter;
            this.matches = matches;
        }
    }

    /** A column read at a lower precision than its file precision. */
    private static final class Narrowed {
        final String name;
        final int filePrecision;
        final int precision;
        final boolean ltz;

        Narrowed(String name, int filePrecision, int precision, boolean ltz) {
            this.name = name;
            this.filePrecision = filePrecision;
            this.precision = precision;
            this.ltz = ltz;
        }

        LogicalType type() {
            return ltz ? new LocalZonedTimestampType(precision) : new TimestampType(precision);
        }

        long step() {
            long step = 1;
            for (int i = precision; i < 9; i++) {
                step *= 10;
            }
            return step;
        }

        /** The file's value in nanoseconds (its unit's digits only), or null. */
        @Nullable
        Long fileNanos(long id) {
            switch (filePrecision) {
                case 3:
                    return millis(id);
                case 6:
                    return micros(id);
                default:
                    return nanos(id);
            }
        }

        FilterValue literal(long epochNanos) {
            Instant instant =
                    Instant.ofEpochSecond(
                            Math.floorDiv(epochNanos, 1_000_000_000L),
                            Math.floorMod(epochNanos, 1_000_000_000L));
            return ltz
                    ? FilterValue.timestamp(instant)
                    : FilterValue.timestamp(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    // ------------------------------------------------------------------ data

    /**
     * Nanoseconds since the epoch of row {@code id}, or null: from about -0.1 s to +0.07 s, each
     * value in two rows (so that dictionaries stay), in runs of three values a fraction of a
     * millisecond apart, so that one millisecond holds several file values.
     */
    @Nullable
    private static Long nanos(long id) {
        if (id % 17 == 5) {
            return null;
        }
        return -100_000_123L + (id / 6) * 3_333_333L + (id / 2 % 3) * 111_111L;
    }

    /** The second element of row {@code id}'s list (its first is {@link #nanos}). */
    private static long second(long id) {
        Long v = nanos(id - id % 4);
        return (v == null ? -id : v) + 999L;
    }

    /** The MICROS value of row {@code id}, in nanoseconds. */
    @Nullable
    private static Long micros(long id) {
        Long v = nanos(id);
        return v == null ? null : Math.floorDiv(v, 1_000L) * 1_000L;
    }

    /** The MILLIS value of row {@code id}, in nanoseconds. */
    @Nullable
    private static Long millis(long id) {
        Long v = nanos(id);
        return v == null ? null : Math.floorDiv(v, 1_000_000L) * 1_000_000L;
    }

    /** A value truncated at a precision, computed independently of the reader. */
    @Nullable
    private static TimestampData expected(@Nullable Long epochNanos, int precision) {
        if (epochNanos == null) {
            return null;
        }
        long step = (long) Math.pow(10, 9 - precision);
        long t = Math.floorDiv(epochNanos, step) * step;
        return TimestampData.fromLocalDateTime(
                LocalDateTime.ofEpochSecond(
                        Math.floorDiv(t, 1_000_000_000L),
                        (int) Math.floorMod(t, 1_000_000_000L),
                        ZoneOffset.UTC));
    }

    private void write(boolean dictionary, boolean v2) throws Exception {
        Path file = dir.resolve("t/ts.parquet");
        Files.createDirectories(file.getParent());
        MessageType type =
                MessageTypeParser.parseMessageType(
                        "message m { required int64 id;"
                                + " optional int64 micros (TIMESTAMP(MICROS,false));"
                                + " optional int64 nanos (TIMESTAMP(NANOS,false));"
                                + " optional int96 legacy;"
                                + " optional int64 utc (TIMESTAMP(MICROS,true));"
                                + " optional int64 millis (TIMESTAMP(MILLIS,false));"
                                + " optional group s { optional int64 ts (TIMESTAMP(MICROS,false)); }"
                                + " optional group l (LIST) { repeated group list {"
                                + " optional int64 element (TIMESTAMP(NANOS,false)); } }"
                                + " required int64 req (TIMESTAMP(MICROS,false)); }");
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(type)
                        .withDictionaryEncoding(dictionary)
                        .withWriterVersion(
                                v2
                                        ? ParquetProperties.WriterVersion.PARQUET_2_0
                                        : ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withRowGroupRowCountLimit(64)
                        .withPageRowCountLimit(16)
                        .build()) {
            for (long id = 0; id < ROWS; id++) {
                Group g = groups.newGroup();
                g.append("id", id);
                Long v = nanos(id);
                Group s = g.addGroup("s");
                Group l = g.addGroup("l");
                Group first = l.addGroup("list");
                if (v != null) {
                    g.append("micros", Math.floorDiv(v, 1_000L));
                    g.append("nanos", v);
                    g.append("legacy", int96(v));
                    g.append("utc", Math.floorDiv(v, 1_000L));
                    g.append("millis", Math.floorDiv(v, 1_000_000L));
                    s.append("ts", Math.floorDiv(v, 1_000L));
                    first.append("element", v);
                }
                l.addGroup("list").append("element", second(id));
                g.append("req", Math.floorDiv(second(id), 1_000L));
                writer.write(g);
            }
        }
    }

    /** INT96: nanoseconds of the day and the Julian day, as Impala, Hive and Spark write them. */
    private static NanoTime int96(long epochNanos) {
        long nanosPerDay = 86_400_000_000_000L;
        long day = Math.floorDiv(epochNanos, nanosPerDay);
        return new NanoTime((int) (day + 2_440_588L), Math.floorMod(epochNanos, nanosPerDay));
    }

    // ------------------------------------------------------------------ reading

    private LaminarParquetSourceBuilder<RowData> builder(RowType declared) {
        return LaminarParquetSource.forRowData()
                .path(dir.resolve("t").toString())
                .hivePartitioning(false)
                .rowType(declared);
    }

    private List<List<Object>> read(LaminarParquetSourceBuilder<RowData> builder, int resumeAfter)
            throws Exception {
        return SplitReads.read(builder.build(), dir.resolve("t"), false, resumeAfter);
    }

    private static List<Long> ids(List<List<Object>> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(r -> ids.add((Long) r.get(0)));
        return ids;
    }

    private static List<Long> range(LongPredicate keep) {
        List<Long> ids = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            if (keep.test(id)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static RowType.RowField field(String name, LogicalType type) {
        return new RowType.RowField(name, type);
    }

    private static RowType row(RowType.RowField... fields) {
        return new RowType(Arrays.asList(fields));
    }

    private static RowType plus(RowType base, RowType.RowField field) {
        List<RowType.RowField> fields = new ArrayList<>(base.getFields());
        fields.add(field);
        return new RowType(fields);
    }
}
