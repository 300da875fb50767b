package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.fs.DiscoveredFile;
import io.laminardb.flink.parquet.fs.ParquetFooters;
import io.laminardb.flink.parquet.fs.StorageSettings;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.plan.stats.ColumnStats;
import org.apache.flink.table.plan.stats.TableStats;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Table statistics for the batch planner, summed from the footers of the files a query reads: the
 * row count, and per top-level column the null count and, for INT, BIGINT, FLOAT and DOUBLE
 * columns, the minimum and maximum. Footers are read on a few threads; beyond {@link #MAX_FILES}
 * files nothing is read and the statistics are unknown, so planning stays quick on big data sets.
 */
@Internal
final class FooterStatistics {

    /** Data sets with more files report unknown statistics. */
    static final int MAX_FILES = 1000;

    private static final int THREADS = 8;

    private final RowType fileColumns;
    private long rowCount;
    private final Map<String, Column> columns = new HashMap<>();

    private FooterStatistics(RowType fileColumns) {
        this.fileColumns = fileColumns;
        for (RowType.RowField field : fileColumns.getFields()) {
            columns.put(field.getName(), new Column(field.getType()));
        }
    }

    /** The statistics of these files, or {@link TableStats#UNKNOWN}. */
    static TableStats of(List<DiscoveredFile> files, RowType fileColumns) {
        return of(files, fileColumns, StorageSettings.CLUSTER);
    }

    /** As above, reading the footers through the file system of the storage settings. */
    static TableStats of(List<DiscoveredFile> files, RowType fileColumns, StorageSettings storage) {
        if (files.size() > MAX_FILES) {
            return TableStats.UNKNOWN;
        }
        FooterStatistics stats = new FooterStatistics(fileColumns);
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        Math.max(1, Math.min(THREADS, files.size())),
                        r -> {
                            Thread t = new Thread(r, "parquet-table-statistics");
                            t.setDaemon(true);
                            return t;
                        });
        try {
            List<Future<ParquetMetadata>> footers = new ArrayList<>();
            for (DiscoveredFile file : files) {
                footers.add(pool.submit(() -> readFooter(file, storage)));
            }
            for (Future<ParquetMetadata> footer : footers) {
                ParquetMetadata metadata = footer.get();
                if (metadata != null) {
                    stats.add(metadata);
                }
            }
        } catch (Exception e) {
            return TableStats.UNKNOWN; // statistics are a hint; the read reports bad files
        } finally {
            pool.shutdownNow();
        }
        return stats.toTableStats();
    }

    private static ParquetMetadata readFooter(DiscoveredFile file, StorageSettings storage)
            throws IOException {
        return file.size() == 0 ? null : ParquetFooters.read(file, storage);
    }

    private void add(ParquetMetadata footer) {
        for (BlockMetaData block : footer.getBlocks()) {
            rowCount += block.getRowCount();
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                String[] path = chunk.getPath().toArray();
                Column column = path.length == 1 ? columns.get(path[0]) : null;
                if (column != null) {
                    column.add(chunk);
                }
            }
        }
        // A column the file lacks is all NULL there (or the read fails, if it is NOT NULL).
        for (RowType.RowField field : fileColumns.getFields()) {
            Column column = columns.get(field.getName());
            if (column.seenInFooter) {
                column.seenInFooter = false;
            } else {
                column.nestedOrMissing = true;
            }
        }
    }

    private TableStats toTableStats() {
        Map<String, ColumnStats> columnStats = new HashMap<>();
        columns.forEach(
                (name, column) -> {
                    ColumnStats stats = column.toColumnStats();
                    if (stats != null) {
                        columnStats.put(name, stats);
                    }
                });
        return new TableStats(rowCount, columnStats);
    }

    /** What the footers tell of one top-level primitive column. */
    private static final class Column {
        private final LogicalTypeRoot root;
        private boolean seenInFooter;
        private boolean nestedOrMissing;
        private boolean nullsKnown = true;
        private long nulls;
        private boolean rangeKnown = true;
        private Comparable<Object> min;
        private Comparable<Object> max;

        Column(LogicalType type) {
            this.root = type.getTypeRoot();
        }

        @SuppressWarnings("unchecked")
        void add(ColumnChunkMetaData chunk) {
            seenInFooter = true;
            Statistics<?> stats = chunk.getStatistics();
            if (stats == null || !stats.isNumNullsSet()) {
                nullsKnown = false;
            } else {
                nulls += stats.getNumNulls();
            }
            if (!hasRange(chunk.getPrimitiveType()) || stats == null || stats.isEmpty()) {
                rangeKnown = false;
                return;
            }
            if (!stats.hasNonNullValue()) {
                return; // only NULLs in this chunk
            }
            Comparable<Object> low = (Comparable<Object>) value(stats.genericGetMin());
            Comparable<Object> high = (Comparable<Object>) value(stats.genericGetMax());
            if (low == null || high == null) {
                rangeKnown = false;
                return;
            }
            min = min == null || low.compareTo(min) < 0 ? low : min;
            max = max == null || high.compareTo(max) > 0 ? high : max;
        }

        /** Whether the chunk's statistics are plain numbers comparable as the Flink type. */
        private boolean hasRange(PrimitiveType type) {
            LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
            boolean plain =
                    annotation == null
                            || (annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation
                                    && ((LogicalTypeAnnotation.IntLogicalTypeAnnotation) annotation)
                                            .isSigned());
            switch (root) {
                case INTEGER:
                    return plain
                            && type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32;
                case BIGINT:
                    return plain
                            && type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT64;
                case FLOAT:
                    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT;
                case DOUBLE:
                    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE;
                default:
                    return false;
            }
        }

        /** The value; NaN makes a floating range unknown (NaN orders above every number). */
        private static Object value(Object v) {
            if (v instanceof Double && ((Double) v).isNaN()) {
                return null;
            }
            if (v instanceof Float && ((Float) v).isNaN()) {
                return null;
            }
            return v;
        }

        ColumnStats toColumnStats() {
            if (nestedOrMissing) {
                return null;
            }
            ColumnStats.Builder builder = ColumnStats.Builder.builder();
            if (nullsKnown) {
                builder.setNullCount(nulls);
            }
            if (rangeKnown && min != null) {
                builder.setMin(min).setMax(max);
            }
            return builder.build();
        }
    }
}
