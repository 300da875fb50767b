package io.laminardb.flink.parquet.benchmark;

import io.laminardb.flink.parquet.enumerator.SplitPlanner;
import io.laminardb.flink.parquet.fs.FileDiscovery;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.reader.ParquetBatch;
import io.laminardb.flink.parquet.reader.ParquetSplitReader;
import io.laminardb.flink.parquet.reader.SplitReadSettings;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What our reader costs on one thread without a Flink job: the data set's splits read one after the
 * other through {@link ParquetSplitReader#fetch()} (the fetcher's work: reads, decompression,
 * decoding, batches from the pool), each row handed to the throughput benchmark's {@link
 * RowToucher} on the same thread (or only counted), and the thread's CPU time and bytes allocated
 * per pass. No prefetch thread, no task thread, no scheduling: the per-core figure that a whole
 * job's rows/s is measured against, and a steadier one than a job's on a shared machine.
 */
@Command(
        name = "decode-only-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Reads a data set's splits on one thread without a Flink job: CPU time, rows/s per"
                        + " CPU second and bytes allocated per pass.")
public final class DecodeOnlyBenchmark implements Callable<Integer> {

    @Option(
            names = "--data",
            required = true,
            description =
                    "Directory of Parquet files, e.g. a data set tools/benchmark/run wrote"
                            + " (--data of that run).")
    private Path data;

    @Option(
            names = "--passes",
            defaultValue = "6",
            description = "Passes over the data set; the first is a warm-up (default: 6).")
    private int passes;

    @Option(
            names = "--columns",
            split = ",",
            description = "Columns to read (default: every column).")
    private List<String> columns;

    @Option(
            names = "--batch-size",
            defaultValue = "2048",
            description = "Rows per decoded batch (default: 2048).")
    private int batchSize;

    @Option(
            names = "--consumer",
            defaultValue = "hash",
            description =
                    "What is done with each row: hash (RowToucher, every value, strings hashed),"
                            + " fields (RowToucher, strings by length and first byte) or none"
                            + " (rows counted) (default: hash).")
    private String consumer;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DecodeOnlyBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data " + data + " is not a directory");
        }
        LaminarParquetSourceBuilder<RowData> builder =
                LaminarParquetSource.forRowData().path(data.toString());
        if (columns != null) {
            builder.columns(columns);
        }
        LaminarParquetSource<RowData> source = builder.build();
        List<ParquetSplit> splits;
        ExecutorService footers = Executors.newFixedThreadPool(2);
        try {
            splits =
                    new SplitPlanner(footers, 32L << 20)
                            .plan(
                                    new FileDiscovery(data.toString(), false)
                                            .discover(FileOrder.NAME));
        } finally {
            footers.shutdownNow();
        }
        RowToucher toucher =
                "none".equals(consumer)
                        ? null
                        : new RowToucher(
                                source.getRowType(),
                                RowToucher.Strings.valueOf(consumer.toUpperCase(Locale.ROOT)));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        System.out.printf(
                Locale.ROOT,
                "%s: %d splits, columns %s, consumer %s, batch size %d%n",
                data,
                splits.size(),
                source.getRowType().getFieldNames(),
                consumer,
                batchSize);
        List<Double> rowsPerCpuSecond = new ArrayList<>();
        for (int pass = 0; pass < passes; pass++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getThreadAllocatedBytes(thread);
            long start = System.nanoTime();
            long rows = read(source, splits, toucher);
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            double megabytes = (threads.getThreadAllocatedBytes(thread) - allocated) / 1e6;
            System.out.printf(
                    Locale.ROOT,
                    "%s %d: %,d rows, %.3f s, CPU %.3f s, %,.0f rows per CPU second, %,.0f MB"
                            + " allocated%n",
                    pass == 0 ? "warm-up" : "pass",
                    pass,
                    rows,
                    seconds,
                    cpuSeconds,
                    rows / cpuSeconds,
                    megabytes);
            if (pass > 0) {
                rowsPerCpuSecond.add(rows / cpuSeconds);
            }
        }
        rowsPerCpuSecond.sort(null);
        if (!rowsPerCpuSecond.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "rows per CPU second: median %,.0f, best %,.0f%n",
                    rowsPerCpuSecond.get(rowsPerCpuSecond.size() / 2),
                    rowsPerCpuSecond.get(rowsPerCpuSecond.size() - 1));
        }
        return 0;
    }

    /** Reads every split once, as a fetcher would; returns the rows read. */
    private long read(
            LaminarParquetSource<RowData> source, List<ParquetSplit> splits, RowToucher toucher)
            throws Exception {
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        new ParquetSourceReaderMetrics(
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                        SplitReadSettings.defaults(batchSize));
        Collector<Long> discard =
                new Collector<>() {
                    @Override
                    public void collect(Long record) {}

                    @Override
                    public void close() {}
                };
        long rows = 0;
        try {
            for (ParquetSplit split : splits) {
                reader.handleSplitsChanges(new SplitsAddition<>(List.of(split)));
                boolean finished = false;
                while (!finished) {
                    RecordsWithSplitIds<ParquetBatch> records = reader.fetch();
                    finished = !records.finishedSplits().isEmpty();
                    while (records.nextSplit() != null) {
                        ParquetBatch batch;
                        while ((batch = records.nextRecordFromSplit()) != null) {
                            int n = batch.numRows();
                            if (toucher != null) {
                                for (int k = 0; k < n; k++) {
                                    toucher.flatMap(batch.reusedRow(k), discard);
                                }
                            }
                            rows += n;
                            batch.recycle();
                        }
                    }
                    records.recycle();
                }
            }
        } finally {
            reader.close();
        }
        return rows;
    }
}
