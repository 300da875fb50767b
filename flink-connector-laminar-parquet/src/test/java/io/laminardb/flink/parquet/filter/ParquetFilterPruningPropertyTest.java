package io.laminardb.flink.parquet.filter;

import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.compat.RowGroupFilter;
import org.apache.parquet.filter2.compat.RowGroupFilter.FilterLevel;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexFilter;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexStore;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.ColumnOrder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The pruning contract, checked on random data: for random Parquet files (every supported column
 * type, nulls, NaN, -0.0, boundary values, non-canonical BINARY decimals, varied row-group and page
 * sizes, dictionaries on and off, bloom filters, truncated statistics) and random filter trees,
 *
 * <ul>
 *   <li>{@link RowPredicate} agrees on every row with an independent, slow evaluation of the
 *       filter's semantics;
 *   <li>no row group that parquet-java's statistics, dictionary or bloom filter level drops holds a
 *       row the filter accepts;
 *   <li>reading with all of parquet-java's filters, the column index included, returns every row
 *       the filter accepts.
 * </ul>
 *
 * <p>Deterministic: fixed seeds. On a failure the message names the seed, the file settings, the
 * filter and the predicate.
 */
class ParquetFilterPruningPropertyTest {

    private static final long SEED = 0x5EED_F117E7L;
    private static final int FILES = 48;
    private static final int FILTERS_PER_FILE = 12;
    private static final int LEAVES_PER_FILE = 60;

    /** Every so many filters, also read the file through all of parquet-java's filters. */
    private static final int PIPELINE_EVERY = 8;

    private static final List<FilterLevel> ALL_LEVELS =
            List.of(FilterLevel.STATISTICS, FilterLevel.DICTIONARY, FilterLevel.BLOOMFILTER);

    @TempDir Path dir;

    /** What kind of literals a column takes. */
    private enum Family {
        INTEGER,
        DECIMAL,
        FLOATING,
        DATE,
        TIMESTAMP,
        TIMESTAMP_LTZ,
        STRING,
        BOOLEAN
    }

    private static final class Col {
        final String name;
        final Type type;
        final Family family;

        Col(String name, Type type, Family family) {
            this.name = name;
            this.type = type;
            this.family = family;
        }
    }

    private static final List<Col> COLUMNS =
            List.of(
                    col(
                            "i8",
                            Types.optional(PrimitiveTypeName.INT32).as(intType(8, true)),
                            Family.INTEGER),
                    col(
                            "i16",
                            Types.optional(PrimitiveTypeName.INT32).as(intType(16, true)),
                            Family.INTEGER),
                    col("i32", Types.optional(PrimitiveTypeName.INT32), Family.INTEGER),
                    col("i64", Types.optional(PrimitiveTypeName.INT64), Family.INTEGER),
                    col(
                            "u8",
                            Types.optional(PrimitiveTypeName.INT32).as(intType(8, false)),
                            Family.INTEGER),
                    col(
                            "u32",
                            Types.optional(PrimitiveTypeName.INT32).as(intType(32, false)),
                            Family.INTEGER),
                    col(
                            "u64",
                            Types.optional(PrimitiveTypeName.INT64).as(intType(64, false)),
                            Family.DECIMAL),
                    // parquet-java 1.18 writes floats in the IEEE 754 total order by default;
                    // older writers in the type-defined order (where NaN stats are dropped).
                    col(
                            "f32",
                            Types.optional(PrimitiveTypeName.FLOAT)
                                    .columnOrder(ColumnOrder.typeDefined()),
                            Family.FLOATING),
                    col(
                            "f64",
                            Types.optional(PrimitiveTypeName.DOUBLE)
                                    .columnOrder(ColumnOrder.typeDefined()),
                            Family.FLOATING),
                    col(
                            "f32t",
                            Types.optional(PrimitiveTypeName.FLOAT)
                                    .columnOrder(ColumnOrder.ieee754TotalOrder()),
                            Family.FLOATING),
                    col(
                            "f64t",
                            Types.optional(PrimitiveTypeName.DOUBLE)
                                    .columnOrder(ColumnOrder.ieee754TotalOrder()),
                            Family.FLOATING),
                    col(
                            "d32",
                            Types.optional(PrimitiveTypeName.INT32).as(decimal(9, 2)),
                            Family.DECIMAL),
                    col(
                            "dsmall",
                            Types.optional(PrimitiveTypeName.INT32).as(decimal(4, 1)),
                            Family.DECIMAL),
                    col(
                            "d64",
                            Types.optional(PrimitiveTypeName.INT64).as(decimal(18, 4)),
                            Family.DECIMAL),
                    col(
                            "dflba",
                            Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                    .length(9)
                                    .as(decimal(20, 3)),
                            Family.DECIMAL),
                    col(
                            "dflbas",
                            Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                                    .length(3)
                                    .as(decimal(5, 0)),
                            Family.DECIMAL),
                    col(
                            "dbin",
                            Types.optional(PrimitiveTypeName.BINARY).as(decimal(12, 2)),
                            Family.DECIMAL),
                    col(
                            "day",
                            Types.optional(PrimitiveTypeName.INT32)
                                    .as(LogicalTypeAnnotation.dateType()),
                            Family.DATE),
                    col(
                            "ts_ms",
                            Types.optional(PrimitiveTypeName.INT64)
                                    .as(
                                            LogicalTypeAnnotation.timestampType(
                                                    false, TimeUnit.MILLIS)),
                            Family.TIMESTAMP),
                    col(
                            "ts_us",
                            Types.optional(PrimitiveTypeName.INT64)
                                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)),
                            Family.TIMESTAMP_LTZ),
                    col(
                            "ts_ns",
                            Types.optional(PrimitiveTypeName.INT64)
                                    .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.NANOS)),
                            Family.TIMESTAMP),
                    col("ts96", Types.optional(PrimitiveTypeName.INT96), Family.TIMESTAMP),
                    col(
                            "str",
                            Types.optional(PrimitiveTypeName.BINARY)
                                    .as(LogicalTypeAnnotation.stringType()),
                            Family.STRING),
                    col("flag", Types.optional(PrimitiveTypeName.BOOLEAN), Family.BOOLEAN),
                    col("req", Types.required(PrimitiveTypeName.INT32), Family.INTEGER));

    private static final MessageType SCHEMA = schema();
    private static final RowType ROW_TYPE = ParquetSchemaConverter.toRowType(SCHEMA);

    private static Col col(
            String name, Types.PrimitiveBuilder<PrimitiveType> builder, Family family) {
        return new Col(name, builder.named(name), family);
    }

    private static LogicalTypeAnnotation intType(int bits, boolean signed) {
        return LogicalTypeAnnotation.intType(bits, signed);
    }

    private static LogicalTypeAnnotation decimal(int precision, int scale) {
        return LogicalTypeAnnotation.decimalType(scale, precision);
    }

    private static MessageType schema() {
        Types.MessageTypeBuilder builder = Types.buildMessage();
        builder.addField(Types.required(PrimitiveTypeName.INT64).named("rowid"));
        for (Col c : COLUMNS) {
            builder.addField(c.type);
        }
        return builder.named("random");
    }

    // ------------------------------------------------------------------------------------------
    // The property
    // ------------------------------------------------------------------------------------------

    private static final class Stats {
        int filters;
        int translated;
        int rowGroupChecks;
        int rowGroupsDropped;
        long rowsSkippedByColumnIndex;
        long rowsSkippedByPipeline;
        long matchingRows;
    }

    @Test
    void prunedRowGroupsAndPagesHoldNoMatchingRow() throws IOException {
        Stats stats = new Stats();
        for (int fileNo = 0; fileNo < FILES; fileNo++) {
            long seed = SEED + fileNo;
            Random rnd = new Random(seed);
            DataFile file = writeRandomFile(rnd, dir.resolve("f" + fileNo + ".parquet"));
            List<ParquetFilter> filters = new ArrayList<>();
            for (int k = 0; k < FILTERS_PER_FILE; k++) {
                filters.add(randomFilter(rnd, 3, file));
            }
            // Single comparisons near the file's own values, where rounding errors would show.
            for (int k = 0; k < LEAVES_PER_FILE; k++) {
                filters.add(randomComparison(rnd, file));
            }
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file.path))) {
                FileIndexes indexes = new FileIndexes(reader);
                for (int k = 0; k < filters.size(); k++) {
                    check(seed, file, filters.get(k), indexes, k % PIPELINE_EVERY == 0, stats);
                }
            }
        }
        System.out.printf(
                "filters %s, translated %s, row-group checks %s, dropped %s, rows skipped by"
                        + " column indexes %s, by the reader %s, matching %s%n",
                stats.filters,
                stats.translated,
                stats.rowGroupChecks,
                stats.rowGroupsDropped,
                stats.rowsSkippedByColumnIndex,
                stats.rowsSkippedByPipeline,
                stats.matchingRows);
        // The property must not hold vacuously.
        assertThat(stats.filters).isEqualTo(FILES * (FILTERS_PER_FILE + LEAVES_PER_FILE));
        assertThat(stats.translated).isGreaterThan(stats.filters / 2);
        assertThat(stats.rowGroupsDropped).isGreaterThan(stats.filters);
        assertThat(stats.rowsSkippedByColumnIndex).isGreaterThan(10_000);
        assertThat(stats.rowsSkippedByPipeline).isGreaterThan(1000);
        assertThat(stats.matchingRows).isGreaterThan(10_000);
    }

    /** A file's row groups, with their column indexes, opened once for many filters. */
    private static final class FileIndexes {
        final ParquetFileReader reader;
        final List<BlockMetaData> blocks;
        final List<ColumnIndexStore> columnIndexes = new ArrayList<>();
        final Set<ColumnPath> paths = new HashSet<>();

        FileIndexes(ParquetFileReader reader) {
            this.reader = reader;
            this.blocks = reader.getRowGroups();
            for (int b = 0; b < blocks.size(); b++) {
                columnIndexes.add(reader.getColumnIndexStore(b));
            }
            blocks.get(0).getColumns().forEach(c -> paths.add(c.getPath()));
        }
    }

    private void check(
            long seed,
            DataFile file,
            ParquetFilter filter,
            FileIndexes indexes,
            boolean readThroughPipeline,
            Stats stats)
            throws IOException {
        stats.filters++;
        RowPredicate predicate = RowPredicate.compile(filter, ROW_TYPE);
        TreeSet<Long> matching = new TreeSet<>();
        for (int i = 0; i < file.rows.size(); i++) {
            GenericRowData row = file.rows.get(i);
            Boolean expected = Oracle.evaluate(filter, row, ROW_TYPE);
            Boolean actual = predicate.evaluate(row);
            if (!java.util.Objects.equals(expected, actual)) {
                fail(
                        "RowPredicate says %s but the filter semantics say %s for row %s%n"
                                + "filter: %s%nseed: %s",
                        actual, expected, row, filter, seed);
            }
            if (Boolean.TRUE.equals(actual)) {
                matching.add((long) i);
            }
        }
        stats.matchingRows += matching.size();

        Optional<FilterPredicate> translated = FilterPredicates.forFile(filter, SCHEMA);
        if (translated.isEmpty()) {
            return;
        }
        stats.translated++;
        FilterCompat.Filter compat = FilterCompat.get(translated.get());
        String context =
                String.format(
                        "%nfilter: %s%npredicate: %s%nfile: %s%nseed: %s",
                        filter, translated.get(), file.settings, seed);

        List<BlockMetaData> blocks = indexes.blocks;
        List<List<FilterLevel>> levelSets = new ArrayList<>();
        for (FilterLevel level : ALL_LEVELS) {
            levelSets.add(List.of(level));
        }
        levelSets.add(ALL_LEVELS);
        for (List<FilterLevel> levels : levelSets) {
            List<BlockMetaData> kept =
                    RowGroupFilter.filterRowGroups(levels, compat, blocks, indexes.reader);
            Map<BlockMetaData, Boolean> keptSet = new IdentityHashMap<>();
            kept.forEach(b -> keptSet.put(b, true));
            long start = 0;
            for (int b = 0; b < blocks.size(); b++) {
                long end = start + blocks.get(b).getRowCount();
                stats.rowGroupChecks++;
                if (!keptSet.containsKey(blocks.get(b))) {
                    if (levels == ALL_LEVELS) {
                        stats.rowGroupsDropped++;
                    }
                    Set<Long> lost = matching.subSet(start, end);
                    if (!lost.isEmpty()) {
                        fail(
                                "Filter level %s dropped row group %s (rows %s..%s), which"
                                        + " holds matching rows %s; first: %s%s",
                                levels,
                                b,
                                start,
                                end - 1,
                                lost,
                                file.describe((int) (long) lost.iterator().next()),
                                context);
                    }
                }
                start = end;
            }
        }

        // Page pruning: the rows the column index keeps, in each row group.
        long start = 0;
        for (int b = 0; b < blocks.size(); b++) {
            long count = blocks.get(b).getRowCount();
            RowRanges ranges =
                    ColumnIndexFilter.calculateRowRanges(
                            compat, indexes.columnIndexes.get(b), indexes.paths, count);
            stats.rowsSkippedByColumnIndex += count - ranges.rowCount();
            for (long row : matching.subSet(start, start + count)) {
                if (!ranges.isOverlapping(row - start, row - start)) {
                    fail(
                            "The column index of row group %s (rows %s..%s) keeps %s, without"
                                    + " matching row %s%s",
                            b, start, start + count - 1, ranges, file.describe((int) row), context);
                }
            }
            start += count;
        }
        if (!readThroughPipeline) {
            return;
        }

        ParquetReadOptions options =
                ParquetReadOptions.builder()
                        .withRecordFilter(compat)
                        .useStatsFilter(true)
                        .useDictionaryFilter(true)
                        .useBloomFilter(true)
                        .useColumnIndexFilter(true)
                        .useRecordFilter(false)
                        .build();
        Set<Long> read = new HashSet<>();
        try (ParquetFileReader reader =
                ParquetFileReader.open(new LocalInputFile(file.path), options)) {
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(SCHEMA);
            PageReadStore pages;
            while ((pages = reader.readNextFilteredRowGroup()) != null) {
                RecordReader<Group> records =
                        io.getRecordReader(pages, new GroupRecordConverter(SCHEMA));
                for (long r = 0; r < pages.getRowCount(); r++) {
                    read.add(records.read().getLong("rowid", 0));
                }
            }
        }
        stats.rowsSkippedByPipeline += file.rows.size() - read.size();
        for (long id : matching) {
            if (!read.contains(id)) {
                fail(
                        "Reading with statistics, dictionary, bloom filter and column index"
                                + " filtering lost matching row %s%s",
                        file.describe((int) id), context);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Random files
    // ------------------------------------------------------------------------------------------

    private static final class DataFile {
        final Path path;
        final String settings;
        final List<Object[]> raw;
        final List<GenericRowData> rows;

        /** Per column, the values the file was drawn from. */
        final List<List<Object>> pools;

        DataFile(
                Path path,
                String settings,
                List<Object[]> raw,
                List<GenericRowData> rows,
                List<List<Object>> pools) {
            this.path = path;
            this.settings = settings;
            this.raw = raw;
            this.rows = rows;
            this.pools = pools;
        }

        String describe(int row) {
            StringBuilder s = new StringBuilder("rowid=" + row + " {");
            for (int c = 0; c < COLUMNS.size(); c++) {
                Object v = raw.get(row)[c];
                s.append(COLUMNS.get(c).name)
                        .append('=')
                        .append(v instanceof Binary ? hex((Binary) v) : v)
                        .append("→")
                        .append(rows.get(row).getField(c + 1))
                        .append(c + 1 < COLUMNS.size() ? ", " : "}");
            }
            return s.toString();
        }
    }

    private DataFile writeRandomFile(Random rnd, Path path) throws IOException {
        int rowCount = 1 + rnd.nextInt(300);
        // Narrow files draw each column from a few values (edge values likely), so that
        // dictionaries and bloom filters decide and literals hit the data.
        boolean narrow = rnd.nextBoolean();
        int binaryDecimalEncoding = rnd.nextInt(3);
        int rowGroupRows = pick(rnd, 2, 5, 16, 50, 128, 1_000_000);
        int pageRows = pick(rnd, 1, 3, 8, 20, 20_000);
        boolean dictionary = rnd.nextBoolean();
        ParquetProperties.WriterVersion version =
                rnd.nextBoolean()
                        ? ParquetProperties.WriterVersion.PARQUET_1_0
                        : ParquetProperties.WriterVersion.PARQUET_2_0;
        int statsTruncate = rnd.nextInt(4) == 0 ? 3 : Integer.MAX_VALUE;
        int indexTruncate = rnd.nextInt(3) == 0 ? 3 : 64;
        List<String> bloom = new ArrayList<>();
        for (Col c : COLUMNS) {
            if (c.family != Family.BOOLEAN && !c.name.equals("ts96") && rnd.nextInt(3) == 0) {
                bloom.add(c.name);
            }
        }

        // Column values: clustered runs over a sorted pool, so that statistics are selective.
        List<Object[]> raw = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            raw.add(new Object[COLUMNS.size()]);
        }
        List<List<Object>> pools = new ArrayList<>();
        for (int c = 0; c < COLUMNS.size(); c++) {
            Col col = COLUMNS.get(c);
            List<Object> pool = pool(col, rnd);
            if (narrow) {
                pool = narrow(col, pool, rnd);
            }
            pools.add(pool);
            boolean required = col.type.isRepetition(Type.Repetition.REQUIRED);
            double nullRate =
                    required ? 0 : new double[] {0, 0, 0.05, 0.3, 0.9, 1.0}[rnd.nextInt(6)];
            int mode = rnd.nextInt(4);
            int runLength = 1 + rnd.nextInt(40);
            int width = 1 + rnd.nextInt(Math.max(1, pool.size() / 3));
            int offset = rnd.nextInt(pool.size());
            boolean nullRuns = rnd.nextBoolean();
            for (int r = 0; r < rowCount; r++) {
                int run = r / runLength;
                boolean isNull =
                        nullRuns
                                ? new Random(run * 31L + c).nextDouble() < nullRate
                                : rnd.nextDouble() < nullRate;
                if (isNull) {
                    continue;
                }
                int index;
                switch (mode) {
                    case 0: // uniform
                        index = rnd.nextInt(pool.size());
                        break;
                    case 1: // constant
                        index = offset;
                        break;
                    default: // clustered, moving through the pool
                        index = (offset + run * width / 2 + rnd.nextInt(width)) % pool.size();
                }
                raw.get(r)[c] = encode(col, pool.get(index), rnd, binaryDecimalEncoding);
            }
            if (mode == 1 && rnd.nextBoolean()) {
                // sorted column
                List<Object> values = new ArrayList<>();
                for (Object[] row : raw) {
                    values.add(row[c]);
                }
                values.sort(
                        (a, b) ->
                                a == null
                                        ? (b == null ? 0 : -1)
                                        : b == null
                                                ? 1
                                                : Oracle.compareFlink(
                                                        flink(col, a), flink(col, b)));
                for (int r = 0; r < rowCount; r++) {
                    raw.get(r)[c] = values.get(r);
                }
            }
        }

        ExampleParquetWriter.Builder builder =
                ExampleParquetWriter.builder(new LocalOutputFile(path))
                        .withType(SCHEMA)
                        .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                        .withDictionaryEncoding(dictionary)
                        .withWriterVersion(version)
                        .withRowGroupRowCountLimit(rowGroupRows)
                        .withPageRowCountLimit(pageRows)
                        // else the first page ignores the row limit (parquet-java 1.18.1)
                        .withMinRowCountForPageSizeCheck(1)
                        .withStatisticsTruncateLength(statsTruncate)
                        .withColumnIndexTruncateLength(indexTruncate);
        for (String column : bloom) {
            // Without an NDV, parquet-java sizes every bloom filter at the maximum (1 MiB).
            builder = builder.withBloomFilterEnabled(column, true).withBloomFilterNDV(column, 64);
        }
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        List<GenericRowData> rows = new ArrayList<>();
        try (ParquetWriter<Group> writer = builder.build()) {
            for (int r = 0; r < rowCount; r++) {
                Group g = groups.newGroup().append("rowid", (long) r);
                GenericRowData row = new GenericRowData(COLUMNS.size() + 1);
                row.setField(0, (long) r);
                for (int c = 0; c < COLUMNS.size(); c++) {
                    Object v = raw.get(r)[c];
                    if (v != null) {
                        append(g, COLUMNS.get(c), v);
                        Object flink = flink(COLUMNS.get(c), v);
                        if (flink instanceof StringData && rnd.nextBoolean()) {
                            // A string that caches its Java form (UTF-16 order if compared so).
                            flink = StringData.fromString(flink.toString());
                        }
                        row.setField(c + 1, flink);
                    }
                }
                writer.write(g);
                rows.add(row);
            }
        }
        String settings =
                String.format(
                        "%s%s rows, row groups of %s, pages of %s, dictionary %s, %s, stats"
                                + " truncate %s, index truncate %s, bloom %s, BINARY decimals %s",
                        narrow ? "narrow, " : "",
                        rowCount,
                        rowGroupRows,
                        pageRows,
                        dictionary,
                        version,
                        statsTruncate,
                        indexTruncate,
                        bloom,
                        new String[] {"minimal", "padded", "mixed"}[binaryDecimalEncoding]);
        return new DataFile(path, settings, raw, rows, pools);
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... values) {
        return values[rnd.nextInt(values.length)];
    }

    /** Candidate values of a column in their Parquet form, in the column's order. */
    private static List<Object> pool(Col col, Random rnd) {
        List<Object> pool = new ArrayList<>();
        switch (col.name) {
            case "i8":
                addInts(pool, rnd, -128, 127, -128, -127, -1, 0, 1, 2, 3, 126, 127);
                break;
            case "i16":
                addInts(pool, rnd, -32768, 32767, -32768, -1, 0, 1, 255, 32767);
                break;
            case "i32":
            case "req":
                addInts(
                        pool,
                        rnd,
                        Integer.MIN_VALUE,
                        Integer.MAX_VALUE,
                        Integer.MIN_VALUE,
                        Integer.MIN_VALUE + 1,
                        -1000,
                        -1,
                        0,
                        1,
                        2,
                        1000,
                        16_777_217,
                        Integer.MAX_VALUE - 1,
                        Integer.MAX_VALUE);
                break;
            case "u8":
                addInts(pool, rnd, 0, 255, 0, 1, 127, 128, 254, 255);
                break;
            case "u32":
                for (long v :
                        new long[] {
                            0, 1, 2, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL
                        }) {
                    pool.add((int) v);
                }
                for (int i = 0; i < 10; i++) {
                    pool.add(rnd.nextInt());
                }
                pool.sort((a, b) -> Integer.compareUnsigned((Integer) a, (Integer) b));
                break;
            case "i64":
                addLongs(
                        pool,
                        rnd,
                        Long.MIN_VALUE,
                        Long.MIN_VALUE + 1,
                        -9_007_199_254_740_993L,
                        -1,
                        0,
                        1,
                        9_007_199_254_740_993L,
                        Long.MAX_VALUE - 1,
                        Long.MAX_VALUE);
                break;
            case "u64":
                pool.addAll(List.of(0L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, -2L, -1L));
                for (int i = 0; i < 8; i++) {
                    pool.add(rnd.nextLong());
                }
                pool.sort((a, b) -> Long.compareUnsigned((Long) a, (Long) b));
                break;
            case "f32":
            case "f32t":
                for (float f :
                        new float[] {
                            Float.NEGATIVE_INFINITY,
                            -Float.MAX_VALUE,
                            -1e10f,
                            -1.5f,
                            -Float.MIN_VALUE,
                            -0.0f,
                            0.0f,
                            Float.MIN_VALUE,
                            0.1f,
                            1.0f,
                            1.5f,
                            16_777_216f,
                            3.4e38f,
                            Float.POSITIVE_INFINITY,
                            Float.NaN
                        }) {
                    pool.add(f);
                }
                for (int i = 0; i < 8; i++) {
                    pool.add((float) (rnd.nextGaussian() * 100));
                }
                pool.sort((a, b) -> Oracle.compareFlink(a, b));
                break;
            case "f64":
            case "f64t":
                for (double d :
                        new double[] {
                            Double.NEGATIVE_INFINITY,
                            -Double.MAX_VALUE,
                            -1e300,
                            -1.5,
                            -Double.MIN_VALUE,
                            -0.0,
                            0.0,
                            Double.MIN_VALUE,
                            0.1,
                            1.0,
                            1.5,
                            9_007_199_254_740_992.0,
                            1e300,
                            Double.POSITIVE_INFINITY,
                            Double.NaN,
                            Double.longBitsToDouble(0xFFF8_0000_0000_0001L) // a negative NaN
                        }) {
                    pool.add(d);
                }
                for (int i = 0; i < 8; i++) {
                    pool.add(rnd.nextGaussian() * 100);
                }
                pool.sort((a, b) -> Oracle.compareFlink(a, b));
                break;
            case "d32":
                addInts(
                        pool,
                        rnd,
                        -999_999_999,
                        999_999_999,
                        Integer.MIN_VALUE,
                        -999_999_999,
                        -150,
                        -1,
                        0,
                        1,
                        150,
                        999_999_999,
                        Integer.MAX_VALUE);
                break;
            case "dsmall":
                addInts(
                        pool, rnd, -9999, 9999, -99_999, -9999, -10, 0, 5, 10, 9999, 10_000,
                        123_456);
                break;
            case "d64":
                addLongs(
                        pool,
                        rnd,
                        Long.MIN_VALUE,
                        -999_999_999_999_999_999L,
                        -10_000,
                        -1,
                        0,
                        1,
                        5_000,
                        999_999_999_999_999_999L,
                        Long.MAX_VALUE);
                break;
            case "dflba":
                addBig(pool, rnd, BigInteger.TEN.pow(20).subtract(BigInteger.ONE), 71);
                break;
            case "dflbas":
                addBig(pool, rnd, BigInteger.valueOf(99_999), 23);
                break;
            case "dbin":
                addBig(pool, rnd, BigInteger.TEN.pow(12).subtract(BigInteger.ONE), 45);
                break;
            case "day":
                addInts(
                        pool,
                        rnd,
                        -800_000,
                        3_000_000,
                        Integer.MIN_VALUE,
                        -719_528,
                        -1,
                        0,
                        1,
                        19_000,
                        2_932_896,
                        Integer.MAX_VALUE);
                break;
            case "ts_ms":
                addLongs(
                        pool,
                        rnd,
                        Long.MIN_VALUE,
                        -62_135_596_800_000L,
                        -1,
                        0,
                        1,
                        1_704_067_200_000L,
                        1_704_067_200_001L,
                        253_402_300_799_999L,
                        Long.MAX_VALUE);
                break;
            case "ts_us":
            case "ts_ns":
                addLongs(
                        pool,
                        rnd,
                        Long.MIN_VALUE,
                        -1_000_001,
                        -1_000,
                        -1,
                        0,
                        1,
                        999,
                        1_000,
                        1_704_067_200_000_000_123L,
                        Long.MAX_VALUE);
                break;
            case "ts96":
                for (int i = 0; i < 12; i++) {
                    int julianDay = 2_440_588 + rnd.nextInt(40_000) - 20_000;
                    long nanosOfDay = (long) (rnd.nextDouble() * 86_400_000_000_000L);
                    pool.add(new NanoTime(julianDay, nanosOfDay));
                }
                pool.add(new NanoTime(2_440_588, 0));
                pool.add(new NanoTime(2_440_588, 1));
                pool.sort((a, b) -> Oracle.compareFlink(flink(col, a), flink(col, b)));
                break;
            case "str":
                pool.addAll(
                        List.of(
                                "",
                                "\u0000",
                                "A",
                                "AAPL",
                                "MSFT",
                                "a",
                                "aa",
                                "ab",
                                "b",
                                "zz",
                                "\u007F",
                                "\u0080",
                                "é",
                                "ü",
                                "\u07FF",
                                "\u0800",
                                "\uFF61",
                                "\uFFFD",
                                "\uFFFF",
                                "😀",
                                "a😀",
                                "😀😀",
                                "abcdefgh",
                                "abcdefgz"));
                pool.sort((a, b) -> Oracle.compareUtf8((String) a, (String) b));
                break;
            case "flag":
                pool.addAll(List.of(false, true));
                break;
            default:
                throw new IllegalStateException(col.name);
        }
        return pool;
    }

    /** A few values of the pool, with the edge values of the column likely among them. */
    private static List<Object> narrow(Col col, List<Object> pool, Random rnd) {
        List<Object> edges = new ArrayList<>();
        switch (col.family) {
            case FLOATING:
                if (col.name.startsWith("f32")) {
                    edges.addAll(List.of(-0.0f, 0.0f, Float.NaN));
                } else {
                    edges.addAll(List.of(-0.0, 0.0, Double.NaN));
                }
                break;
            case DECIMAL:
                if (pool.get(0) instanceof BigInteger) {
                    edges.addAll(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(-1)));
                }
                break;
            default:
                break;
        }
        List<Object> narrow = new ArrayList<>();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            List<Object> from = !edges.isEmpty() && rnd.nextBoolean() ? edges : pool;
            Object v = from.get(rnd.nextInt(from.size()));
            if (!narrow.contains(v)) {
                narrow.add(v);
            }
        }
        narrow.sort(
                (a, b) ->
                        Oracle.compareFlink(
                                flink(col, encode(col, a, rnd, MINIMAL)),
                                flink(col, encode(col, b, rnd, MINIMAL))));
        return narrow;
    }

    private static void addInts(List<Object> pool, Random rnd, int lo, int hi, int... fixed) {
        for (int v : fixed) {
            pool.add(v);
        }
        for (int i = 0; i < 10; i++) {
            pool.add((int) (lo + (long) (rnd.nextDouble() * ((long) hi - lo))));
        }
        pool.sort((a, b) -> Integer.compare((Integer) a, (Integer) b));
    }

    private static void addLongs(List<Object> pool, Random rnd, long... fixed) {
        for (long v : fixed) {
            pool.add(v);
        }
        for (int i = 0; i < 10; i++) {
            pool.add(
                    rnd.nextInt(3) == 0
                            ? rnd.nextLong()
                            : (long) rnd.nextInt(2_000_000) - 1_000_000);
        }
        pool.sort((a, b) -> Long.compare((Long) a, (Long) b));
    }

    /** Unscaled decimals: within the precision mostly, some beyond it (read as NULL). */
    private static void addBig(List<Object> pool, Random rnd, BigInteger max, int bits) {
        pool.addAll(
                List.of(
                        max.negate(),
                        BigInteger.valueOf(-1),
                        BigInteger.ZERO,
                        BigInteger.ONE,
                        BigInteger.valueOf(255),
                        BigInteger.valueOf(256),
                        max,
                        max.add(BigInteger.ONE),
                        max.negate().subtract(BigInteger.ONE)));
        for (int i = 0; i < 10; i++) {
            BigInteger v = new BigInteger(bits - 1, rnd);
            if (rnd.nextInt(3) > 0) {
                v = v.mod(max);
            }
            pool.add(rnd.nextBoolean() ? v : v.negate());
        }
        pool.sort(null);
    }

    /** A pool value in the form written to the file (decimals get their byte encoding here). */
    /** How BINARY decimals are encoded: minimal, padded to 8 bytes, or mixed per value. */
    private static final int MINIMAL = 0;

    private static final int PADDED = 1;
    private static final int MIXED = 2;

    private static Object encode(Col col, Object value, Random rnd, int binaryDecimalEncoding) {
        switch (col.name) {
            case "dflba":
                return Binary.fromConstantByteArray(signExtend((BigInteger) value, 9));
            case "dflbas":
                return Binary.fromConstantByteArray(signExtend((BigInteger) value, 3));
            case "dbin":
                {
                    BigInteger v = (BigInteger) value;
                    int encoding =
                            binaryDecimalEncoding == MIXED ? rnd.nextInt(3) : binaryDecimalEncoding;
                    byte[] minimal = v.toByteArray();
                    if (encoding == PADDED && minimal.length < 8) {
                        return Binary.fromConstantByteArray(signExtend(v, 8));
                    }
                    if (encoding == 2 && v.signum() == 0) {
                        return Binary.EMPTY; // read as zero
                    }
                    if (encoding == 2) { // non-canonical: extra sign bytes
                        return Binary.fromConstantByteArray(
                                signExtend(v, minimal.length + 1 + rnd.nextInt(3)));
                    }
                    return Binary.fromConstantByteArray(minimal);
                }
            case "str":
                return Binary.fromString((String) value);
            default:
                return value;
        }
    }

    private static byte[] signExtend(BigInteger v, int length) {
        byte[] minimal = v.toByteArray();
        byte[] out = new byte[length];
        Arrays.fill(out, 0, length - minimal.length, v.signum() < 0 ? (byte) -1 : 0);
        System.arraycopy(minimal, 0, out, length - minimal.length, minimal.length);
        return out;
    }

    private static void append(Group g, Col col, Object v) {
        if (v instanceof Integer) {
            g.append(col.name, (Integer) v);
        } else if (v instanceof Long) {
            g.append(col.name, (Long) v);
        } else if (v instanceof Float) {
            g.append(col.name, (Float) v);
        } else if (v instanceof Double) {
            g.append(col.name, (Double) v);
        } else if (v instanceof Boolean) {
            g.append(col.name, (Boolean) v);
        } else if (v instanceof Binary) {
            g.append(col.name, (Binary) v);
        } else if (v instanceof NanoTime) {
            g.append(col.name, (NanoTime) v);
        } else {
            throw new IllegalArgumentException(col.name + ": " + v);
        }
    }

    /**
     * The Flink value the connector's reader produces for a Parquet value: the mapping of {@link
     * ParquetSchemaConverter} and the conversions of the reader's leaf converters.
     */
    static Object flink(Col col, Object v) {
        switch (col.name) {
            case "i8":
                return (byte) (int) (Integer) v;
            case "i16":
            case "u8":
                return (short) (int) (Integer) v;
            case "i32":
            case "day":
            case "req":
                return v;
            case "u32":
                return Integer.toUnsignedLong((Integer) v);
            case "i64":
                return v;
            case "u64":
                return DecimalData.fromBigDecimal(
                        new BigDecimal(new BigInteger(Long.toUnsignedString((Long) v))), 20, 0);
            case "f32":
            case "f32t":
            case "f64":
            case "f64t":
            case "flag":
                return v;
            case "d32":
                return DecimalData.fromUnscaledLong((Integer) v, 9, 2);
            case "dsmall":
                return DecimalData.fromUnscaledLong((Integer) v, 4, 1);
            case "d64":
                return DecimalData.fromUnscaledLong((Long) v, 18, 4);
            case "dflba":
                return decimal(v, 20, 3);
            case "dflbas":
                return decimal(v, 5, 0);
            case "dbin":
                return decimal(v, 12, 2);
            case "ts_ms":
                return TimestampData.fromEpochMillis((Long) v);
            case "ts_us":
                return TimestampData.fromEpochMillis(
                        Math.floorDiv((Long) v, 1000L),
                        (int) Math.floorMod((Long) v, 1000L) * 1000);
            case "ts_ns":
                return TimestampData.fromEpochMillis(
                        Math.floorDiv((Long) v, 1_000_000L),
                        (int) Math.floorMod((Long) v, 1_000_000L));
            case "ts96":
                {
                    NanoTime t = (NanoTime) v;
                    long epochDay = t.getJulianDay() - 2_440_588L;
                    long millis =
                            epochDay * 86_400_000L
                                    + Math.floorDiv(t.getTimeOfDayNanos(), 1_000_000L);
                    return TimestampData.fromEpochMillis(
                            millis, (int) Math.floorMod(t.getTimeOfDayNanos(), 1_000_000L));
                }
            case "str":
                return StringData.fromBytes(((Binary) v).getBytes());
            default:
                throw new IllegalStateException(col.name);
        }
    }

    private static Object decimal(Object v, int precision, int scale) {
        byte[] bytes =
                v instanceof Binary ? ((Binary) v).getBytes() : ((BigInteger) v).toByteArray();
        BigDecimal d =
                bytes.length == 0
                        ? BigDecimal.ZERO.setScale(scale)
                        : new BigDecimal(new BigInteger(bytes), scale);
        return DecimalData.fromBigDecimal(d, precision, scale);
    }

    private static String hex(Binary b) {
        StringBuilder s = new StringBuilder("0x");
        for (byte x : b.getBytes()) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------
    // Random filters
    // ------------------------------------------------------------------------------------------

    private static ParquetFilter randomFilter(Random rnd, int depth, DataFile file) {
        int r = rnd.nextInt(100);
        if (depth == 0 || r < 50) {
            return randomLeaf(rnd, file);
        }
        if (r < 70) {
            return ParquetFilter.and(children(rnd, depth, file));
        }
        if (r < 88) {
            return ParquetFilter.or(children(rnd, depth, file));
        }
        return ParquetFilter.not(randomFilter(rnd, depth - 1, file));
    }

    private static List<ParquetFilter> children(Random rnd, int depth, DataFile file) {
        List<ParquetFilter> children = new ArrayList<>();
        int n = 2 + rnd.nextInt(2);
        for (int i = 0; i < n; i++) {
            children.add(randomFilter(rnd, depth - 1, file));
        }
        return children;
    }

    /** One comparison with a literal drawn from (or next to) the values of the file's column. */
    private static ParquetFilter randomComparison(Random rnd, DataFile file) {
        int c = rnd.nextInt(COLUMNS.size());
        Col col = COLUMNS.get(c);
        ParquetFilter.Operator op =
                ParquetFilter.Operator.values()[
                        rnd.nextInt(ParquetFilter.Operator.values().length)];
        ParquetFilter leaf =
                ParquetFilter.compare(col.name, op, literal(col, rnd, file.pools.get(c)));
        return rnd.nextInt(5) == 0 ? ParquetFilter.not(leaf) : leaf;
    }

    private static ParquetFilter randomLeaf(Random rnd, DataFile file) {
        int c = rnd.nextInt(COLUMNS.size());
        Col col = COLUMNS.get(c);
        List<Object> pool =
                rnd.nextInt(4) > 0 ? file.pools.get(c) : pool(col, new Random(rnd.nextLong()));
        int r = rnd.nextInt(100);
        if (r < 55) {
            ParquetFilter.Operator op =
                    ParquetFilter.Operator.values()[
                            rnd.nextInt(ParquetFilter.Operator.values().length)];
            return ParquetFilter.compare(col.name, op, literal(col, rnd, pool));
        }
        if (r < 67) {
            FilterValue a = literal(col, rnd, pool);
            FilterValue b = literal(col, rnd, pool);
            return ParquetFilter.between(col.name, a, b);
        }
        if (r < 84) {
            List<FilterValue> values = new ArrayList<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                values.add(literal(col, rnd, pool));
            }
            return ParquetFilter.in(col.name, values);
        }
        return r < 92 ? ParquetFilter.isNull(col.name) : ParquetFilter.isNotNull(col.name);
    }

    /** A literal that fits the column, mostly near the values the column holds. */
    private static FilterValue literal(Col col, Random rnd, List<Object> pool) {
        Object flink = null;
        for (int i = 0; i < 10 && flink == null; i++) {
            flink = flink(col, encode(col, pool.get(rnd.nextInt(pool.size())), rnd, MINIMAL));
        }
        if (flink == null) { // decimals beyond their precision only
            flink =
                    DecimalData.zero(
                            ((DecimalType) ROW_TYPE.getTypeAt(1 + COLUMNS.indexOf(col)))
                                    .getPrecision(),
                            ((DecimalType) ROW_TYPE.getTypeAt(1 + COLUMNS.indexOf(col)))
                                    .getScale());
        }
        int choice = rnd.nextInt(10);
        switch (col.family) {
            case INTEGER:
                {
                    long v = ((Number) flink).longValue();
                    switch (choice) {
                        case 0:
                        case 1:
                            return FilterValue.int64(v);
                        case 2:
                            return FilterValue.int64(v == Long.MAX_VALUE ? v : v + 1);
                        case 3:
                            return FilterValue.int64(v == Long.MIN_VALUE ? v : v - 1);
                        case 4:
                            return FilterValue.float64(v + 0.5);
                        case 5:
                            return FilterValue.float64((double) v);
                        case 6:
                            return FilterValue.decimal(
                                    BigDecimal.valueOf(v).add(new BigDecimal("0.5")));
                        case 7:
                            return FilterValue.decimal(BigDecimal.valueOf(v).setScale(2));
                        case 8:
                            return FilterValue.float64(
                                    pick(
                                            rnd,
                                            Double.NaN,
                                            Double.POSITIVE_INFINITY,
                                            Double.NEGATIVE_INFINITY,
                                            1e19,
                                            -1e19,
                                            -0.0));
                        default:
                            return FilterValue.int64(
                                    pick(
                                            rnd,
                                            Long.MIN_VALUE,
                                            Long.MAX_VALUE,
                                            4_294_967_296L,
                                            2_147_483_648L,
                                            -2_147_483_649L));
                    }
                }
            case DECIMAL:
                {
                    BigDecimal v = ((DecimalData) flink).toBigDecimal();
                    switch (choice) {
                        case 0:
                        case 1:
                            return FilterValue.decimal(v);
                        case 2:
                            return FilterValue.decimal(
                                    v.add(BigDecimal.ONE.movePointLeft(v.scale() + 1)));
                        case 3:
                            return FilterValue.decimal(v.setScale(v.scale() + 2));
                        case 4:
                            return FilterValue.int64(v.longValue());
                        case 5:
                            return FilterValue.float64(v.doubleValue());
                        case 6:
                            return FilterValue.decimal(
                                    v.subtract(BigDecimal.ONE.movePointLeft(v.scale())));
                        case 7:
                            return FilterValue.decimal(
                                    pick(
                                            rnd,
                                            new BigDecimal("1e30"),
                                            new BigDecimal("-1e30"),
                                            new BigDecimal("1e-30"),
                                            BigDecimal.ZERO));
                        default:
                            return FilterValue.float64(
                                    pick(
                                            rnd,
                                            Double.NaN,
                                            Double.POSITIVE_INFINITY,
                                            Double.NEGATIVE_INFINITY,
                                            0.1,
                                            -0.0));
                    }
                }
            case FLOATING:
                {
                    double d = ((Number) flink).doubleValue();
                    switch (choice) {
                        case 0:
                        case 1:
                            return FilterValue.float64(d);
                        case 2:
                            return FilterValue.float64(Math.nextUp(d));
                        case 3:
                            return FilterValue.float64(Math.nextDown(d));
                        case 4:
                            return Double.isFinite(d)
                                    ? FilterValue.int64(Math.round(d))
                                    : FilterValue.float64(d);
                        case 5:
                            return Double.isFinite(d)
                                    ? FilterValue.decimal(new BigDecimal(d))
                                    : FilterValue.float64(d);
                        case 6:
                            return FilterValue.decimal(new BigDecimal("0.1"));
                        case 7:
                            return FilterValue.float64(pick(rnd, 0.0, -0.0, 0.1, 1e-50, -1e-50));
                        case 8:
                            return FilterValue.float64(Double.NaN);
                        default:
                            return FilterValue.float64((double) (float) (d * 1.000001));
                    }
                }
            case DATE:
                {
                    long day = (Integer) flink;
                    return FilterValue.date(LocalDate.ofEpochDay(day + rnd.nextInt(3) - 1));
                }
            case TIMESTAMP:
            case TIMESTAMP_LTZ:
                {
                    LocalDateTime t = ((TimestampData) flink).toLocalDateTime();
                    if (choice < 3) {
                        t = t.plusNanos(pick(rnd, 1L, -1L, 1_000L, -1_000L, 1_000_000L, -500L));
                    }
                    if (col.family == Family.TIMESTAMP && choice == 9) {
                        return FilterValue.date(t.toLocalDate());
                    }
                    if (col.family == Family.TIMESTAMP_LTZ && rnd.nextBoolean()) {
                        return FilterValue.timestamp(t.toInstant(ZoneOffset.UTC));
                    }
                    if (choice == 8) {
                        return FilterValue.timestamp(
                                pick(
                                        rnd,
                                        LocalDateTime.MIN,
                                        LocalDateTime.MAX,
                                        LocalDateTime.of(1970, 1, 1, 0, 0)));
                    }
                    return FilterValue.timestamp(t);
                }
            case STRING:
                {
                    String s = ((StringData) flink).toString();
                    switch (choice) {
                        case 0:
                            return FilterValue.utf8(s + "a");
                        case 1:
                            return FilterValue.utf8(
                                    s.isEmpty()
                                            ? s
                                            : s.substring(0, s.offsetByCodePoints(s.length(), -1)));
                        case 2:
                            return FilterValue.utf8(pick(rnd, "\uFFFF", "😀", "", "\uFF61"));
                        default:
                            return FilterValue.utf8(s);
                    }
                }
            case BOOLEAN:
                return FilterValue.bool(rnd.nextBoolean());
            default:
                throw new IllegalStateException(col.family.name());
        }
    }

    // ------------------------------------------------------------------------------------------
    // An independent, slow implementation of the filter semantics
    // ------------------------------------------------------------------------------------------

    /** Evaluates a filter on a row by comparing exact values; null is UNKNOWN. */
    static final class Oracle {

        static Boolean evaluate(ParquetFilter f, GenericRowData row, RowType type) {
            if (f instanceof ParquetFilter.Comparison) {
                ParquetFilter.Comparison c = (ParquetFilter.Comparison) f;
                return compare(row, type, c.column(), c.operator(), c.value());
            }
            if (f instanceof ParquetFilter.Between) {
                ParquetFilter.Between b = (ParquetFilter.Between) f;
                return and(
                        List.of(
                                Optional.ofNullable(
                                        compare(
                                                row,
                                                type,
                                                b.column(),
                                                ParquetFilter.Operator.GT_EQ,
                                                b.lower())),
                                Optional.ofNullable(
                                        compare(
                                                row,
                                                type,
                                                b.column(),
                                                ParquetFilter.Operator.LT_EQ,
                                                b.upper()))));
            }
            if (f instanceof ParquetFilter.In) {
                ParquetFilter.In in = (ParquetFilter.In) f;
                List<Optional<Boolean>> parts = new ArrayList<>();
                for (FilterValue v : in.values()) {
                    parts.add(
                            Optional.ofNullable(
                                    compare(row, type, in.column(), ParquetFilter.Operator.EQ, v)));
                }
                return or(parts);
            }
            if (f instanceof ParquetFilter.And) {
                List<Optional<Boolean>> parts = new ArrayList<>();
                for (ParquetFilter c : ((ParquetFilter.And) f).children()) {
                    parts.add(Optional.ofNullable(evaluate(c, row, type)));
                }
                return and(parts);
            }
            if (f instanceof ParquetFilter.Or) {
                List<Optional<Boolean>> parts = new ArrayList<>();
                for (ParquetFilter c : ((ParquetFilter.Or) f).children()) {
                    parts.add(Optional.ofNullable(evaluate(c, row, type)));
                }
                return or(parts);
            }
            if (f instanceof ParquetFilter.Not) {
                Boolean b = evaluate(((ParquetFilter.Not) f).child(), row, type);
                return b == null ? null : !b;
            }
            if (f instanceof ParquetFilter.IsNull) {
                return row.isNullAt(type.getFieldIndex(((ParquetFilter.IsNull) f).column()));
            }
            if (f instanceof ParquetFilter.IsNotNull) {
                return !row.isNullAt(type.getFieldIndex(((ParquetFilter.IsNotNull) f).column()));
            }
            throw new IllegalArgumentException(f.toString());
        }

        private static Boolean and(List<Optional<Boolean>> parts) {
            boolean unknown = false;
            for (Optional<Boolean> p : parts) {
                if (p.isEmpty()) {
                    unknown = true;
                } else if (!p.get()) {
                    return false;
                }
            }
            return unknown ? null : true;
        }

        private static Boolean or(List<Optional<Boolean>> parts) {
            boolean unknown = false;
            for (Optional<Boolean> p : parts) {
                if (p.isEmpty()) {
                    unknown = true;
                } else if (p.get()) {
                    return true;
                }
            }
            return unknown ? null : false;
        }

        private static Boolean compare(
                GenericRowData row,
                RowType type,
                String column,
                ParquetFilter.Operator op,
                FilterValue literal) {
            int pos = type.getFieldIndex(column);
            Object value = row.getField(pos);
            if (value == null) {
                return null;
            }
            int c = compareWithLiteral(value, type.getTypeAt(pos), literal);
            switch (op) {
                case EQ:
                    return c == 0;
                case NOT_EQ:
                    return c != 0;
                case LT:
                    return c < 0;
                case LT_EQ:
                    return c <= 0;
                case GT:
                    return c > 0;
                default:
                    return c >= 0;
            }
        }

        static int compareWithLiteral(Object value, LogicalType type, FilterValue literal) {
            LogicalTypeRoot root = type.getTypeRoot();
            switch (root) {
                case VARCHAR:
                case CHAR:
                    return Arrays.compareUnsigned(
                            ((StringData) value).toBytes(),
                            literal.asString().getBytes(StandardCharsets.UTF_8));
                case BOOLEAN:
                    return Boolean.compare((Boolean) value, literal.asBoolean());
                case DATE:
                    return Long.compare((Integer) value, literal.asDate().toEpochDay());
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    {
                        TimestampData t = (TimestampData) value;
                        BigInteger nanos =
                                BigInteger.valueOf(t.getMillisecond())
                                        .multiply(BigInteger.valueOf(1_000_000))
                                        .add(BigInteger.valueOf(t.getNanoOfMillisecond()));
                        LocalDateTime l =
                                literal.kind() == FilterValue.Kind.DATE
                                        ? literal.asDate().atStartOfDay()
                                        : literal.asTimestamp();
                        BigInteger lit =
                                BigInteger.valueOf(l.toEpochSecond(ZoneOffset.UTC))
                                        .multiply(BigInteger.valueOf(1_000_000_000))
                                        .add(BigInteger.valueOf(l.getNano()));
                        return nanos.compareTo(lit);
                    }
                default:
                    return compareNumbers(value, literalNumber(literal));
            }
        }

        private static Object literalNumber(FilterValue literal) {
            switch (literal.kind()) {
                case INT64:
                    return literal.asLong();
                case FLOAT64:
                    return literal.asDouble();
                default:
                    return literal.asDecimal();
            }
        }

        /** Numbers in the filter order: -inf < finite (exact) < +inf < NaN. */
        static int compareNumbers(Object a, Object b) {
            int ca = numberClass(a);
            int cb = numberClass(b);
            if (ca != 0 || cb != 0) {
                return Integer.compare(ca, cb);
            }
            return exact(a).compareTo(exact(b));
        }

        private static int numberClass(Object n) {
            if (n instanceof Double || n instanceof Float) {
                double d = ((Number) n).doubleValue();
                if (Double.isNaN(d)) {
                    return 2;
                }
                if (Double.isInfinite(d)) {
                    return d > 0 ? 1 : -1;
                }
            }
            return 0;
        }

        private static BigDecimal exact(Object n) {
            if (n instanceof DecimalData) {
                return ((DecimalData) n).toBigDecimal();
            }
            if (n instanceof BigDecimal) {
                return (BigDecimal) n;
            }
            if (n instanceof Double || n instanceof Float) {
                return new BigDecimal(((Number) n).doubleValue());
            }
            return BigDecimal.valueOf(((Number) n).longValue());
        }

        /** Orders Flink values of one column (for sorting pools and columns). */
        static int compareFlink(Object a, Object b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            if (a instanceof TimestampData) {
                return ((TimestampData) a).compareTo((TimestampData) b);
            }
            if (a instanceof StringData) {
                return Arrays.compareUnsigned(
                        ((StringData) a).toBytes(), ((StringData) b).toBytes());
            }
            if (a instanceof Boolean) {
                return Boolean.compare((Boolean) a, (Boolean) b);
            }
            return compareNumbers(a, b);
        }

        static int compareUtf8(String a, String b) {
            return Arrays.compareUnsigned(
                    a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
        }
    }
}
