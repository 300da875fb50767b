package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.arrow.SourceReaderRuns;
import io.laminardb.flink.parquet.metrics.ParquetSourceReaderMetrics;
import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.split.ParquetSplit;
import io.laminardb.flink.parquet.testutils.RecordsOnlyOutput;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.SourceReaderOptions;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.testutils.source.reader.TestingReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.data.columnar.vector.ColumnVector;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Batches of the RowData path circulate ({@link BatchPool}): values stay right row by row across
 * many reused batches, a recycled batch's vectors really are decoded into again, a batch whose rows
 * are still being emitted (or were never recycled) is not written, a fetcher waiting for a batch
 * wakes up, and outputs that may keep rows get fresh vectors.
 */
class BatchRecyclingTest {

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message m {\n"
                            + "  required int64 id;\n"
                            + "  optional binary category (STRING);\n"
                            + "  optional binary text (STRING);\n"
                            + "  optional double price;\n"
                            + "  optional int32 qty;\n"
                            + "  optional binary raw;\n"
                            + "}");

    private static final int ROWS = 12_000;
    private static final int BATCH = 97;

    @TempDir Path dir;

    /** The values written, rendered as {@link #render} renders a row read. */
    private final List<String> written = new ArrayList<>();

    @BeforeEach
    void writeFile() throws Exception {
        Random random = new Random(13);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("f.parquet")))
                        .withType(SCHEMA)
                        // small dictionary pages: `text` falls back to PLAIN mid-chunk, while
                        // `category` stays dictionary-encoded (batches that refer to it)
                        .withDictionaryPageSize(4_096)
                        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withPageRowCountLimit(300)
                        .withRowGroupRowCountLimit(2_500)
                        .build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
            for (int i = 0; i < ROWS; i++) {
                Group g = groups.newGroup();
                g.append("id", (long) i);
                String category = random.nextInt(10) == 0 ? null : "cat-" + random.nextInt(7);
                String text = random.nextInt(8) == 0 ? null : text(random, i);
                Double price = random.nextInt(9) == 0 ? null : random.nextGaussian();
                Integer qty = random.nextInt(11) == 0 ? null : random.nextInt();
                byte[] raw = random.nextInt(6) == 0 ? null : new byte[random.nextInt(40)];
                if (category != null) {
                    g.append("category", category);
                }
                if (text != null) {
                    g.append("text", text);
                }
                if (price != null) {
                    g.append("price", price);
                }
                if (qty != null) {
                    g.append("qty", qty);
                }
                if (raw != null) {
                    random.nextBytes(raw);
                    g.append("raw", Binary.fromConstantByteArray(raw));
                }
                writer.write(g);
                written.add(
                        i
                                + "|"
                                + category
                                + "|"
                                + text
                                + "|"
                                + price
                                + "|"
                                + qty
                                + "|"
                                + (raw == null ? null : Arrays.toString(raw)));
            }
        }
    }

    /** Mostly unique strings of 0 to ~200 bytes, some multi-byte, of varying batch totals. */
    private static String text(Random random, int row) {
        StringBuilder b = new StringBuilder().append(row).append(':');
        int length = random.nextInt(row % 500 < 50 ? 200 : 60);
        for (int i = 0; i < length; i++) {
            b.append(random.nextInt(12) == 0 ? '€' : (char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private static String render(RowData row) {
        return row.getLong(0)
                + "|"
                + (row.isNullAt(1) ? null : row.getString(1).toString())
                + "|"
                + (row.isNullAt(2) ? null : row.getString(2).toString())
                + "|"
                + (row.isNullAt(3) ? null : row.getDouble(3))
                + "|"
                + (row.isNullAt(4) ? null : row.getInt(4))
                + "|"
                + (row.isNullAt(5) ? null : Arrays.toString(row.getBinary(5)));
    }

    private LaminarParquetSource<RowData> source() {
        return LaminarParquetSource.forRowData().path(dir.toString()).batchSize(BATCH).build();
    }

    @Test
    void everyValueIsRightAcrossRecycledBatches() throws Exception {
        LaminarParquetSource<RowData> source = source();
        List<String> read = new ArrayList<>();
        Set<byte[]> textArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        int[] batches = new int[1];
        readWithReader(
                source,
                1,
                (row, first) -> {
                    read.add(render(row));
                    if (first) {
                        batches[0]++;
                    }
                    if (!row.isNullAt(2)) {
                        // the array the PLAIN strings of this batch were copied into
                        textArrays.add(
                                ((BinaryStringData) row.getString(2))
                                        .getSegments()[0].getHeapMemory());
                    }
                });

        assertThat(read).hasSize(ROWS).isEqualTo(written);
        // Fresh vectors would give each of the ~125 batches its own array; pooled ones (queue
        // capacity 1: 3 batches) keep theirs, growing a few times at most.
        assertThat(batches[0]).isGreaterThan(100);
        assertThat(textArrays.size())
                .as("arrays holding the text column over %s batches", batches[0])
                .isLessThan(batches[0] / 4);
    }

    @Test
    void rowsOfTheBatchBeingEmittedAreNotOverwritten() throws Exception {
        LaminarParquetSource<RowData> source = source();
        List<String> read = new ArrayList<>();
        SlowChecker checker = new SlowChecker(read::add);
        readWithReader(source, 1, checker, checker::checkHeldRows);
        assertThat(checker.batches).isGreaterThan(100);
        assertThat(read).isEqualTo(written);
    }

    @Test
    void aRecycledBatchIsDecodedIntoAgainAndAnOutstandingOneIsNot() throws Exception {
        ParquetSplitReader reader = splitReader(2);
        try {
            ParquetBatch first = nextBatch(reader);
            ParquetBatch second = nextBatch(reader);
            assertThat(first.isPooled()).isTrue();
            List<String> firstRows = rows(first);
            List<String> secondRows = rows(second);
            assertThat(disjoint(first.columns(), second.columns())).isTrue();

            // Both batches are out: the next fetch waits until one comes back.
            ExecutorService fetcher = Executors.newSingleThreadExecutor();
            try {
                Future<ParquetBatch> third = fetcher.submit(() -> nextBatch(reader));
                assertThatThrownBy(() -> third.get(300, TimeUnit.MILLISECONDS))
                        .isInstanceOf(TimeoutException.class);
                assertThat(rows(first)).isEqualTo(firstRows);
                assertThat(rows(second)).isEqualTo(secondRows);

                first.recycle();
                ParquetBatch reused = third.get(10, TimeUnit.SECONDS);
                for (int c = 0; c < first.columns().length; c++) {
                    assertThat(reused.columns()[c]).as("column %s", c).isSameAs(first.columns()[c]);
                }
                assertThat(rows(reused)).isEqualTo(written.subList(2 * BATCH, 3 * BATCH));
                assertThat(rows(second)).as("the batch not recycled").isEqualTo(secondRows);
            } finally {
                fetcher.shutdownNow();
            }
        } finally {
            reader.close();
        }
    }

    @Test
    void aFetchWaitingForABatchWakesUp() throws Exception {
        ParquetSplitReader reader = splitReader(1);
        ExecutorService fetcher = Executors.newSingleThreadExecutor();
        try {
            ParquetBatch first = nextBatch(reader);
            Future<RecordsWithSplitIds<ParquetBatch>> waiting = fetcher.submit(reader::fetch);
            assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
                    .isInstanceOf(TimeoutException.class);

            reader.wakeUp(); // what Flink does to add a split, pause, or shut the fetcher down
            RecordsWithSplitIds<ParquetBatch> woken = waiting.get(10, TimeUnit.SECONDS);
            assertThat(woken.nextSplit()).isNull();
            assertThat(woken.finishedSplits()).isEmpty();

            // Nothing was lost: the read goes on once the batch is back.
            first.recycle();
            assertThat(rows(nextBatch(reader))).isEqualTo(written.subList(BATCH, 2 * BATCH));
        } finally {
            fetcher.shutdownNow();
            reader.close();
        }
    }

    @Test
    void recordsThatMayKeepTheirRowsGetFreshBatches() throws Exception {
        LaminarParquetSource<RowData> source =
                LaminarParquetSource.forRecords(new KeepingConverter())
                        .path(dir.toString())
                        .batchSize(BATCH)
                        .build();
        List<RowData> kept = new ArrayList<>();
        readWithReader(source, 1, (row, first) -> kept.add(row));
        List<String> read = new ArrayList<>();
        for (RowData row : kept) {
            read.add(render(row)); // read long after their batches were emitted
        }
        assertThat(read).isEqualTo(written);
    }

    /** A {@code forRecords} converter that does not say its batches may be reused. */
    private static final class KeepingConverter implements RecordConverter<RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public TypeInformation<RowData> producedType(RowType rowType) {
            return InternalTypeInfo.of(rowType);
        }

        @Override
        public RowData convert(RowData row) {
            return row;
        }
    }

    /**
     * Holds every row of one emit call (one batch) and sleeps at its first, so the fetcher decodes
     * ahead until it waits; after the call, the held rows must still read as they did.
     */
    private static final class SlowChecker implements RowConsumer {
        private final Consumer<String> each;
        private final List<RowData> held = new ArrayList<>();
        private final List<String> seen = new ArrayList<>();
        private int batches;

        SlowChecker(Consumer<String> each) {
            this.each = each;
        }

        @Override
        public void accept(RowData row, boolean first) {
            if (first && batches++ < 30) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            String value = render(row);
            each.accept(value);
            // the emitted row object reads the next row once this one is processed; a view of
            // its own keeps reading this row of the batch's vectors
            held.add(((BatchRow) row).detached());
            seen.add(value);
        }

        void checkHeldRows() {
            for (int i = 0; i < held.size(); i++) {
                assertThat(render(held.get(i))).as("held row %s", i).isEqualTo(seen.get(i));
            }
            held.clear();
            seen.clear();
        }
    }

    /** Gets each row emitted, and whether it is the first of its emit call (of a batch). */
    @FunctionalInterface
    private interface RowConsumer {
        void accept(RowData row, boolean first);
    }

    /** Reads the source's splits with its real reader, element queue capacity as given. */
    private static void readWithReader(
            LaminarParquetSource<RowData> source, int queueCapacity, RowConsumer each)
            throws Exception {
        readWithReader(source, queueCapacity, each, () -> {});
    }

    private static void readWithReader(
            LaminarParquetSource<RowData> source,
            int queueCapacity,
            RowConsumer each,
            Runnable afterEachPoll)
            throws Exception {
        List<ParquetSplit> splits = SourceReaderRuns.plan(source, 1);
        Configuration config = new Configuration();
        config.set(SourceReaderOptions.ELEMENT_QUEUE_CAPACITY, queueCapacity);
        Output output = new Output(each);
        try (SourceReader<RowData, ParquetSplit> reader =
                source.createReader(
                        new TestingReaderContext(
                                config,
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()))) {
            reader.start();
            reader.addSplits(splits);
            reader.notifyNoMoreSplits();
            while (true) {
                output.first = true;
                InputStatus status = reader.pollNext(output);
                afterEachPoll.run();
                if (status == InputStatus.END_OF_INPUT) {
                    return;
                }
                if (status == InputStatus.NOTHING_AVAILABLE) {
                    reader.isAvailable().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private ParquetSplitReader splitReader(int pooledBatches) throws Exception {
        LaminarParquetSource<RowData> source = source();
        ParquetSplitReader reader =
                new ParquetSplitReader(
                        source.getReadPlan(),
                        new ParquetSourceReaderMetrics(
                                UnregisteredMetricsGroup.createSourceReaderMetricGroup()),
                        SplitReadSettings.defaults(BATCH).withPooledBatches(pooledBatches));
        reader.handleSplitsChanges(new SplitsAddition<>(SourceReaderRuns.plan(source, 1)));
        return reader;
    }

    /** The next batch of rows (passing over empty fetches). */
    private static ParquetBatch nextBatch(ParquetSplitReader reader) throws Exception {
        while (true) {
            RecordsWithSplitIds<ParquetBatch> records = reader.fetch();
            if (records.nextSplit() != null) {
                ParquetBatch batch = records.nextRecordFromSplit();
                if (batch != null) {
                    return batch;
                }
            }
        }
    }

    private static List<String> rows(ParquetBatch batch) {
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < batch.numRows(); k++) {
            rows.add(render(batch.row(k)));
        }
        return rows;
    }

    private static boolean disjoint(ColumnVector[] a, ColumnVector[] b) {
        for (ColumnVector x : a) {
            for (ColumnVector y : b) {
                if (x == y) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final class Output extends RecordsOnlyOutput<RowData> {
        private final RowConsumer each;
        boolean first;

        Output(RowConsumer each) {
            this.each = each;
        }

        @Override
        public void collect(RowData record) {
            each.accept(record, first);
            first = false;
        }
    }
}
