package io.laminardb.flink.parquet.e2e;

import io.laminardb.flink.parquet.source.LaminarParquetSource;
import io.laminardb.flink.parquet.source.LaminarParquetSourceBuilder;
import io.laminardb.flink.parquet.source.SourceMode;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.testframe.external.ExternalSystemSplitDataWriter;
import org.apache.flink.connector.testframe.external.source.DataStreamSourceExternalContext;
import org.apache.flink.connector.testframe.external.source.TestingSourceSettings;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.FileUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The "external system" of Flink's connector test suite for {@link LaminarParquetSource}: a local
 * directory of Parquet files, one per call of a split writer. One context (and directory) per test
 * case.
 *
 * <p>For {@link Boundedness#BOUNDED} settings the source is bounded: it reads the files present
 * when the job starts. For {@link Boundedness#CONTINUOUS_UNBOUNDED} it is a continuous source
 * ({@link SourceMode#CONTINUOUS}) that lists the directory every {@link #POLL_INTERVAL} and reads
 * the files written while the job runs, or while it was stopped. The split writers write each file
 * under a hidden name and rename it into place ({@link ParquetSplitDataWriter}), so a continuous
 * source never sees a file half written.
 *
 * <p>The suite may create the source before it writes any data, so the source gets the files'
 * schema with {@code rowType(...)} instead of reading it from a first file.
 */
final class ParquetSourceExternalContext implements DataStreamSourceExternalContext<String> {

    /** The schema of the files the split writers write (see {@link ParquetSplitDataWriter}). */
    static final RowType FILE_ROW_TYPE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false), new VarCharType(false, VarCharType.MAX_LENGTH)
                    },
                    new String[] {"line", "value"});

    /** Small, so that batches end inside row groups as well as at their ends. */
    static final int BATCH_SIZE = 64;

    /**
     * How often a continuous source lists the directory. A file renamed into place is read after
     * two listings that show it unchanged, so within about two poll intervals.
     */
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    /**
     * The continuous source's settle window: longer than the poll interval (the source requires it)
     * and than any test, so no file a test writes falls behind the discovery cursor.
     */
    static final Duration SETTLE_WINDOW = Duration.ofMinutes(10);

    static final int MIN_RECORDS_PER_SPLIT = 200;
    static final int MAX_RECORDS_PER_SPLIT = 500;

    /** Letters of 1 to 4 UTF-8 bytes. */
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789 -_é߷ñ中文字🙂";

    private final String testName;
    private final Path dir;
    private int writers;

    ParquetSourceExternalContext(String testName) {
        this.testName = testName;
        try {
            this.dir = Files.createTempDirectory("laminar-parquet-suite-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the test data directory", e);
        }
    }

    @Override
    public Source<String, ?, ?> createSource(TestingSourceSettings sourceSettings) {
        LaminarParquetSourceBuilder<String> source =
                LaminarParquetSource.forRecords(new StringColumnConverter())
                        .path(dir.toString())
                        .rowType(FILE_ROW_TYPE)
                        .columns("value")
                        .batchSize(BATCH_SIZE);
        if (sourceSettings.getBoundedness() == Boundedness.CONTINUOUS_UNBOUNDED) {
            source.mode(SourceMode.CONTINUOUS)
                    .pollInterval(POLL_INTERVAL)
                    .settleWindow(SETTLE_WINDOW);
        }
        return source.build();
    }

    @Override
    public ExternalSystemSplitDataWriter<String> createSourceSplitDataWriter(
            TestingSourceSettings sourceSettings) {
        return new ParquetSplitDataWriter(dir, "split-" + writers++);
    }

    /**
     * Between {@value #MIN_RECORDS_PER_SPLIT} and {@value #MAX_RECORDS_PER_SPLIT} distinct strings,
     * each starting with the split index and position, then random text of multi-byte letters.
     */
    @Override
    public List<String> generateTestData(
            TestingSourceSettings sourceSettings, int splitIndex, long seed) {
        Random random = new Random(seed);
        int count =
                MIN_RECORDS_PER_SPLIT
                        + random.nextInt(MAX_RECORDS_PER_SPLIT - MIN_RECORDS_PER_SPLIT + 1);
        List<String> records = new ArrayList<>(count);
        int[] letters = ALPHABET.codePoints().toArray();
        for (int i = 0; i < count; i++) {
            StringBuilder record = new StringBuilder();
            record.append("split-").append(splitIndex).append('-').append(i).append(':');
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                record.appendCodePoint(letters[random.nextInt(letters.length)]);
            }
            records.add(record.toString());
        }
        return records;
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }

    @Override
    public List<URL> getConnectorJarPaths() {
        return Collections.emptyList();
    }

    @Override
    public void close() throws IOException {
        FileUtils.deleteDirectory(dir.toFile());
    }

    @Override
    public String toString() {
        return "Parquet files (" + testName + ")";
    }
}
