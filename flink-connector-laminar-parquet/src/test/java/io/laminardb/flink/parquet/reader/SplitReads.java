package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.partition.PartitionPruner;
import io.laminardb.flink.parquet.plan.ReadPlan;
import io.laminardb.flink.parquet.plan.ReadSchema;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Reads a source's files the way its readers do, without a cluster. */
final class SplitReads {

    private SplitReads() {}

    /**
     * Every row of the source's files as Java values (strings, BigDecimals), planned with the
     * source's filter and read split by split; each split is read up to {@code resumeAfter} rows,
     * then resumed from that position, as after a restore (0: read through).
     */
    static List<List<Object>> read(
            LaminarParquetSource<RowData> source, Path root, boolean hive, int resumeAfter)
            throws Exception {
        ParquetFilter filter = source.getFilter();
        ReadSchema readSchema = source.getReadSchema();
        RowType type = source.getRowType();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        List<ParquetSplit> splits;
        try {
            splits =
                    new SplitPlanner(
                                    executor,
                                    1,
                                    filter,
                                    readSchema.readType(),
                                    CorruptFilePolicy.FAIL)
                            .plan(
                                    new FileDiscovery(root.toString(), hive)
                                            .discover(FileOrder.NAME));
        } finally {
            executor.shutdownNow();
        }
        RowPredicate residual =
                filter == null ? null : RowPredicate.compile(filter, readSchema.readType());
        List<List<Object>> rows = new ArrayList<>();
        FooterCache footers = new FooterCache();
        ParquetSourceReaderMetrics metrics =
                new ParquetSourceReaderMetrics(
                        UnregisteredMetricsGroup.createSourceReaderMetricGroup());
        for (ParquetSplit split : splits) {
            ParquetSplit next = split;
            int limit = resumeAfter;
            while (next != null) {
                ParquetSplit reading = next;
                next = null;
                try (SplitCursor cursor =
                        new SplitCursor(
                                reading,
                                new ReadPlan(readSchema, filter, PartitionPruner.none()),
                                residual,
                                7,
                                metrics,
                                footers)) {
                    next = drain(cursor, reading, limit, row -> rows.add(values(row, type)));
                    limit = 0;
                }
            }
        }
        return rows;
    }

    /**
     * Reads {@code split} to its end with {@code reader}, as the fetcher would, handing each row of
     * each batch on.
     */
    static void readSplit(ParquetSplitReader reader, ParquetSplit split, Consumer<RowData> rows)
            throws IOException {
        reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
        boolean finished = false;
        while (!finished) {
            RecordsWithSplitIds<ParquetBatch> records = reader.fetch();
            finished = !records.finishedSplits().isEmpty();
            while (records.nextSplit() != null) {
                ParquetBatch batch;
                while ((batch = records.nextRecordFromSplit()) != null) {
                    for (int k = 0; k < batch.numRows(); k++) {
                        rows.accept(batch.row(k));
                    }
                }
            }
        }
    }

    /**
     * Reads batches until at least {@code stopAfter} rows were emitted (0: to the end), handing
     * each row on; returns the split positioned after the last batch read, as a checkpoint then
     * would hold it, or null when the split was read to its end.
     */
    @Nullable
    static ParquetSplit drain(
            SplitCursor cursor, ParquetSplit split, int stopAfter, Consumer<RowData> rows)
            throws IOException {
        ParquetBatch batch;
        int emitted = 0;
        while ((batch = cursor.next()) != null) {
            for (int k = 0; k < batch.numRows(); k++) {
                rows.accept(batch.row(k));
            }
            emitted += batch.numRows();
            if (stopAfter > 0 && emitted >= stopAfter) {
                return split.withPosition(batch.nextRowGroup(), batch.rowsToSkip());
            }
        }
        return null;
    }

    private static List<Object> values(RowData row, RowType type) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Object value = RowData.createFieldGetter(type.getTypeAt(i), i).getFieldOrNull(row);
            if (value instanceof StringData) {
                value = value.toString();
            } else if (value instanceof DecimalData) {
                value = ((DecimalData) value).toBigDecimal();
            }
            values.add(value);
        }
        return values;
    }
}
