package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.column.Encoding;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.Type;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the benchmark's wide table ({@link WideData}) as {@link DataSetGenerator} writes it.
 */
class WideDataGeneratorTest {

    private static final Settings SMALL = new Settings(5_000, 2, 1_000);

    private static final List<String> DICTIONARY_STRINGS = List.of("category", "region");
    private static final List<String> PLAIN_STRINGS =
            List.of("user_agent", "referrer", "url", "session", "message", "payload");

    @TempDir Path tmp;

    @Test
    void rowsHaveTheirIdsAscendingTimeAndAboutAKilobyte() throws IOException {
        DataSet dataSet = DataSetGenerator.generate(tmp, WideData.SPEC, SMALL, true, n -> {});
        long id = 0;
        long previousTs = Long.MIN_VALUE;
        long bytes = 0;
        long nullMessages = 0;
        long emptyMessages = 0;
        long nullAmounts = 0;
        boolean multiByte = false;
        Set<String> sessions = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (Path file : dataSet.files()) {
            for (Group row : DataSetFiles.read(file)) {
                assertThat(row.getLong("id", 0)).isEqualTo(id);
                long ts = row.getLong("ts", 0);
                assertThat(ts)
                        .isEqualTo(WideData.SPEC.timeMillis(id) * 1_000)
                        .isGreaterThan(previousTs);
                previousTs = ts;
                for (String column : DICTIONARY_STRINGS) {
                    String value = row.getString(column, 0);
                    assertThat(value.length()).as(column).isBetween(100, 140);
                    bytes += value.getBytes(StandardCharsets.UTF_8).length;
                }
                for (String column :
                        List.of("user_agent", "referrer", "url", "session", "payload")) {
                    String value = row.getString(column, 0);
                    assertThat(value.length()).as(column).isBetween(100, 140);
                    bytes += value.getBytes(StandardCharsets.UTF_8).length;
                }
                assertThat(row.getString("url", 0)).startsWith("https://shop.example.com/" + id);
                assertThat(row.getString("payload", 0)).startsWith("{\"id\":" + id);
                assertThat(sessions.add(row.getString("session", 0))).isTrue();
                assertThat(row.getString("referrer", 0))
                        .startsWith("https://ref.example.org/" + (id * 7 + 3));
                categories.add(row.getString("category", 0));
                if (row.getFieldRepetitionCount("message") == 0) {
                    nullMessages++;
                } else {
                    String message = row.getString("message", 0);
                    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
                    if (message.isEmpty()) {
                        emptyMessages++;
                    } else {
                        assertThat(message.length()).isBetween(100, 140);
                    }
                    multiByte |= utf8.length > message.length();
                    bytes += utf8.length;
                }
                if (row.getFieldRepetitionCount("amount") == 0) {
                    nullAmounts++;
                }
                assertThat(row.getDouble("score", 0)).isGreaterThanOrEqualTo(0).isLessThan(1);
                assertThat(row.getDouble("latency_ms", 0)).isGreaterThanOrEqualTo(0);
                bytes += 6 * 8;
                id++;
            }
        }
        assertThat(id).isEqualTo(5_000);
        assertThat(multiByte).isTrue();
        assertThat(categories).hasSize(40);
        // 2% NULL messages, 2% empty ones, 1% NULL amounts.
        assertThat(nullMessages).isBetween(50L, 150L);
        assertThat(emptyMessages).isBetween(50L, 150L);
        assertThat(nullAmounts).isBetween(20L, 80L);
        assertThat(bytes / id).isBetween(950L, 1_100L);
    }

    @Test
    void columnsAreOptionalSnappyAndDictionaryOnlyWhereValuesRepeat() throws IOException {
        DataSet dataSet = DataSetGenerator.generate(tmp, WideData.SPEC, SMALL, true, n -> {});
        for (Type field : WideData.SCHEMA.getFields()) {
            assertThat(field.getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
        }
        assertThat(dataSet.files()).hasSize(2);
        for (Path file : dataSet.files()) {
            try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
                List<BlockMetaData> rowGroups = reader.getFooter().getBlocks();
                // 2,500 rows a file, row groups of 1,000 rows.
                assertThat(rowGroups)
                        .extracting(BlockMetaData::getRowCount)
                        .containsExactly(1_000L, 1_000L, 500L);
                for (BlockMetaData rowGroup : rowGroups) {
                    for (ColumnChunkMetaData chunk : rowGroup.getColumns()) {
                        String column = chunk.getPath().toDotString();
                        assertThat(chunk.getCodec()).isEqualTo(CompressionCodecName.SNAPPY);
                        if (DICTIONARY_STRINGS.contains(column)) {
                            assertThat(chunk.hasDictionaryPage()).as(column).isTrue();
                            assertThat(chunk.getEncodings())
                                    .as(column)
                                    .contains(Encoding.PLAIN_DICTIONARY);
                        } else if (PLAIN_STRINGS.contains(column)) {
                            assertThat(chunk.hasDictionaryPage()).as(column).isFalse();
                            assertThat(chunk.getEncodings())
                                    .as(column)
                                    .contains(Encoding.PLAIN)
                                    .doesNotContain(Encoding.PLAIN_DICTIONARY);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theMiddleWindowHoldsItsRows() throws IOException {
        DataSet dataSet = DataSetGenerator.generate(tmp, WideData.SPEC, SMALL, true, n -> {});
        TimeSortedDataSet.TimeWindow window = WideData.SPEC.middleWindow(SMALL, 0.05);
        long inWindow = 0;
        for (Path file : dataSet.files()) {
            for (Group row : DataSetFiles.read(file)) {
                long millis = row.getLong("ts", 0) / 1_000;
                if (millis >= window.loMillis() && millis <= window.hiMillis()) {
                    inWindow++;
                }
            }
        }
        assertThat(inWindow).isEqualTo(window.rows()).isBetween(240L, 260L);
    }
}
