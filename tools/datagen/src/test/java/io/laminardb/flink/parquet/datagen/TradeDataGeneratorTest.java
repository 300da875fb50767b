package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

import org.apache.parquet.example.data.Group;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the quickstart's trades ({@link TradeData}) as {@link DataSetGenerator} writes them:
 * their layout, values, determinism and reuse.
 */
class TradeDataGeneratorTest {

    private static final Settings SMALL = new Settings(3_000, 7, 500);

    @TempDir Path tmp;

    @Test
    void sameSettingsWriteTheSameFiles() throws IOException {
        DataSet a = generate(tmp.resolve("a"), true, n -> {});
        DataSet b = generate(tmp.resolve("b"), true, n -> {});
        assertThat(a.files()).hasSize(7);
        assertThat(a.bytes()).isEqualTo(b.bytes());
        for (int i = 0; i < a.files().size(); i++) {
            assertThat(a.directory().relativize(a.files().get(i)))
                    .isEqualTo(b.directory().relativize(b.files().get(i)));
            assertThat(Files.readAllBytes(a.files().get(i)))
                    .isEqualTo(Files.readAllBytes(b.files().get(i)));
        }
    }

    @Test
    void writesHivePartitionsOfTradingDaysWithEveryRowOnce() throws IOException {
        AtomicLong progress = new AtomicLong();
        DataSet dataSet = generate(tmp, true, progress::addAndGet);
        assertThat(progress).hasValue(3_000);
        assertThat(dataSet.reused()).isFalse();

        // 7 files over 5 trading days from Tuesday 2024-01-02: the weekend is skipped.
        List<String> names;
        try (Stream<Path> walk = Files.walk(tmp)) {
            names =
                    walk.filter(Files::isRegularFile)
                            .map(p -> tmp.relativize(p).toString().replace('\\', '/'))
                            .sorted()
                            .toList();
        }
        assertThat(names)
                .containsExactly(
                        "_generator.properties",
                        "date=2024-01-02/part-00000.parquet",
                        "date=2024-01-02/part-00001.parquet",
                        "date=2024-01-03/part-00002.parquet",
                        "date=2024-01-04/part-00003.parquet",
                        "date=2024-01-04/part-00004.parquet",
                        "date=2024-01-05/part-00005.parquet",
                        "date=2024-01-08/part-00006.parquet");

        long expectedId = 0;
        for (Path file : dataSet.files()) {
            LocalDate date =
                    LocalDate.parse(file.getParent().getFileName().toString().substring(5));
            for (Group trade : DataSetFiles.read(file)) {
                assertThat(trade.getLong("id", 0)).isEqualTo(expectedId);
                long ts = trade.getLong("ts", 0);
                // In the partition's trading session, 09:30 to 16:00 UTC.
                long open = date.atTime(9, 30).toInstant(ZoneOffset.UTC).toEpochMilli();
                assertThat(ts).isBetween(open, open + 390 * 60_000L - 1);
                assertThat(trade.getInteger("qty", 0)).isEqualTo(TradeData.qty(expectedId));
                assertThat(trade.getString("symbol", 0)).isIn((Object[]) TradeData.SYMBOLS);
                assertThat(trade.getString("side", 0)).isIn("BUY", "SELL");
                expectedId++;
            }
        }
        assertThat(expectedId).isEqualTo(3_000);
    }

    @Test
    void fileNameOrderIsTimeOrder() throws IOException {
        DataSet dataSet = generate(tmp, true, n -> {});
        List<Path> byName = new ArrayList<>(dataSet.files());
        byName.sort(null);
        long previous = Long.MIN_VALUE;
        for (Path file : byName) {
            List<Group> trades = DataSetFiles.read(file);
            assertThat(trades).isNotEmpty();
            for (Group trade : trades) {
                long ts = trade.getLong("ts", 0);
                assertThat(ts).as("ts in %s", file).isGreaterThanOrEqualTo(previous);
                previous = ts;
            }
        }
    }

    @Test
    void slicesOfADayAreConsecutiveAndCoverTheSession() {
        for (int files = 1; files <= 40; files++) {
            Settings s = new Settings(10_000, files, 1_000);
            assertThat(TradeData.days(s)).isEqualTo(Math.min(files, TradeData.MAX_DAYS));
            int day = 0;
            long end = 0;
            for (int f = 0; f < files; f++) {
                if (TradeData.dayIndex(s, f) != day) {
                    assertThat(end).as("session of day %d covered", day).isEqualTo(390 * 60_000L);
                    assertThat(TradeData.dayIndex(s, f)).isEqualTo(day + 1);
                    day++;
                    end = 0;
                }
                assertThat(TradeData.sliceStartMillis(s, f)).isEqualTo(end);
                assertThat(TradeData.sliceEndMillis(s, f))
                        .isGreaterThan(TradeData.sliceStartMillis(s, f));
                end = TradeData.sliceEndMillis(s, f);
                assertThat(TradeData.firstFileOfDay(s, day)).isLessThanOrEqualTo(f);
                assertThat(s.firstId(f + 1)).isGreaterThan(s.firstId(f));
            }
            assertThat(day).isEqualTo(TradeData.days(s) - 1);
            assertThat(end).isEqualTo(390 * 60_000L);
            assertThat(s.firstId(files)).isEqualTo(10_000);
        }
    }

    @Test
    void tradingDaysSkipWeekends() {
        for (int i = 0; i < 20; i++) {
            LocalDate day = TradeData.tradingDay(i);
            assertThat(day.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            if (i > 0) {
                assertThat(day).isAfter(TradeData.tradingDay(i - 1));
            }
        }
        assertThat(TradeData.tradingDay(0)).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(TradeData.tradingDay(4)).isEqualTo(LocalDate.of(2024, 1, 8));
    }

    @Test
    void reusesACompleteDataSetWithTheSameSettingsOnly() throws IOException {
        DataSet written = generate(tmp, false, n -> {});
        assertThat(written.reused()).isFalse();

        DataSet again = generate(tmp, false, n -> {});
        assertThat(again.reused()).isTrue();
        assertThat(again.files()).isEqualTo(written.files());
        assertThat(again.bytes()).isEqualTo(written.bytes());

        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, new Settings(3_000, 7, 400)))
                .isNull();
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, new Settings(3_001, 7, 500)))
                .isNull();

        // A file that changed size (or went away) makes the data set incomplete: written again.
        byte[] original = Files.readAllBytes(written.files().get(3));
        Files.write(written.files().get(3), new byte[] {1, 2, 3});
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, SMALL)).isNull();
        DataSet rewritten = generate(tmp, false, n -> {});
        assertThat(rewritten.reused()).isFalse();
        assertThat(rewritten.files().get(3)).hasBinaryContent(original);
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, SMALL)).isNotNull();
        Files.delete(written.files().get(5));
        assertThat(DataSetGenerator.existing(tmp, TradeData.SPEC, SMALL)).isNull();
    }

    @Test
    void theQuickstartsDefaultDataSetHasTheVolumeItsReadmePrints() {
        // tools/quickstart/run's defaults; README.md prints these totals.
        Settings defaults = new Settings(1_000_000, 8, 100_000);
        assertThat(TradeData.days(defaults)).isEqualTo(5);
        long volume = 0;
        for (long id = 0; id < defaults.rows(); id++) {
            volume += TradeData.qty(id);
        }
        assertThat(volume).isEqualTo(505_101_550L);
    }

    private static DataSet generate(Path dir, boolean force, LongConsumer progress)
            throws IOException {
        return DataSetGenerator.generate(dir, TradeData.SPEC, SMALL, force, progress);
    }
}
