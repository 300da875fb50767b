package io.laminardb.flink.parquet.quickstart;

import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Writes a deterministic, Hive-partitioned data set of trades with parquet-java's {@link
 * ExampleParquetWriter}: {@code date=YYYY-MM-DD/part-NNNNN.parquet}, snappy-compressed, v1 data
 * pages with dictionaries. Every value is a function of the row id, so two runs with the same
 * settings write the same rows.
 *
 * <pre>
 * id BIGINT, ts TIMESTAMP(3) (trading hours of the file's date), symbol STRING,
 * price DECIMAL(10, 2), qty INT, side STRING ('BUY' or 'SELL')
 * </pre>
 *
 * <p>Ids and timestamps rise together: consecutive files share a day and split its session into
 * consecutive slices, and rows within a file are in time order. So a reader that takes files in
 * name order sees event time only advance, which is what a streaming job's watermark needs (a row
 * older than the watermark would be dropped by a window).
 *
 * <p>A marker file ({@code _generator.properties}, skipped by readers as a hidden file) records the
 * settings and the files written; a later call with the same settings reuses the data set when
 * every file is still there with its size.
 */
@Command(
        name = "trade-data-generator",
        mixinStandardHelpOptions = true,
        description = "Writes a deterministic, Hive-partitioned Parquet data set of trades.")
public final class TradeDataGenerator implements Callable<Integer> {

    /** The Parquet schema of every file. */
    public static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message trade {\n"
                            + "  required int64 id;\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required int64 price (DECIMAL(10,2));\n"
                            + "  required int32 qty;\n"
                            + "  required binary side (STRING);\n"
                            + "}");

    static final String[] SYMBOLS = {
        "AAPL", "AMZN", "AVGO", "COST", "GOOG", "IBM", "INTC", "JPM", "META", "MSFT", "NFLX",
        "NVDA", "ORCL", "TSLA", "V", "XOM"
    };
    private static final double[] BASE_PRICES = {
        190.0, 150.0, 1100.0, 620.0, 140.0, 160.0, 45.0, 170.0, 350.0, 370.0, 480.0, 490.0, 105.0,
        240.0, 260.0, 100.0
    };

    /** Trading days, one partition each, starting here (weekends are skipped). */
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 2);

    static final int MAX_DAYS = 5;
    static final String MARKER = "_generator.properties";

    /**
     * 3: files of one day cover consecutive slices of the session (before: each the whole day);
     * price is a DECIMAL(10, 2) that drifts over the session (before: a DOUBLE, noise only).
     */
    private static final int FORMAT_VERSION = 3;

    private static final long OPEN_MILLIS_OF_DAY = (9 * 60 + 30) * 60_000L;
    private static final long SESSION_MILLIS = 390 * 60_000L;
    private static final int PROGRESS_STEP = 16_384;

    @Option(
            names = {"-o", "--output"},
            defaultValue = "tools/quickstart/data",
            description = "Directory to write to (default: ${DEFAULT-VALUE}).")
    private Path output;

    @Option(
            names = "--rows",
            defaultValue = "1000000",
            description = "Rows in total (default: ${DEFAULT-VALUE}).")
    private long rows;

    @Option(
            names = "--files",
            defaultValue = "8",
            description = "Files to spread the rows over (default: ${DEFAULT-VALUE}).")
    private int files;

    @Option(
            names = "--row-group-rows",
            defaultValue = "100000",
            description = "Rows per row group (default: ${DEFAULT-VALUE}).")
    private int rowGroupRows;

    @Option(names = "--force", description = "Write the data set even if it exists already.")
    private boolean force;

    /** What to write. */
    public record Settings(long rows, int files, int rowGroupRows) {
        public Settings {
            if (rows < 1) {
                throw new IllegalArgumentException("rows must be at least 1, got " + rows);
            }
            if (files < 1 || files > 10_000) {
                throw new IllegalArgumentException(
                        "files must be between 1 and 10000, got " + files);
            }
            if (files > rows) {
                throw new IllegalArgumentException(
                        "files (" + files + ") must not exceed rows (" + rows + ")");
            }
            if (rowGroupRows < 1) {
                throw new IllegalArgumentException(
                        "row-group-rows must be at least 1, got " + rowGroupRows);
            }
        }

        /** The first row id of file {@code i}; file i holds ids [firstId(i), firstId(i + 1)). */
        long firstId(int file) {
            return rows * file / files;
        }

        /** The number of trading days (partitions). */
        int days() {
            return Math.min(files, MAX_DAYS);
        }

        /** The trading day of file {@code i}: consecutive files share a day, in order. */
        int dayIndex(int file) {
            return (int) ((long) file * days() / files);
        }

        /** The first file of day {@code d} ({@code files} for {@code d == days()}). */
        int firstFileOfDay(int day) {
            return (int) (((long) day * files + days() - 1) / days());
        }

        /** The partition date of file {@code i}. */
        LocalDate date(int file) {
            return tradingDay(dayIndex(file));
        }

        /**
         * The part of the trading session that file {@code i} covers, in milliseconds from the
         * open: the files of a day split the session into consecutive slices, so files in name
         * order are in time order and never overlap.
         */
        long sliceStartMillis(int file) {
            int day = dayIndex(file);
            int first = firstFileOfDay(day);
            int count = firstFileOfDay(day + 1) - first;
            return SESSION_MILLIS * (file - first) / count;
        }

        long sliceEndMillis(int file) {
            int day = dayIndex(file);
            int first = firstFileOfDay(day);
            int count = firstFileOfDay(day + 1) - first;
            return SESSION_MILLIS * (file - first + 1) / count;
        }

        Path relativePath(int file) {
            return Path.of(
                    "date=" + date(file), String.format(Locale.ROOT, "part-%05d.parquet", file));
        }

        Properties toProperties() {
            Properties p = new Properties();
            p.setProperty("format.version", Integer.toString(FORMAT_VERSION));
            p.setProperty("rows", Long.toString(rows));
            p.setProperty("files", Integer.toString(files));
            p.setProperty("row.group.rows", Integer.toString(rowGroupRows));
            return p;
        }
    }

    /** A written (or reused) data set. */
    public record DataSet(
            Path directory, Settings settings, List<Path> files, long bytes, boolean reused) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new TradeDataGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = new Settings(rows, files, rowGroupRows);
        long start = System.nanoTime();
        DataSet dataSet = generate(output, settings, force, n -> {});
        System.out.printf(
                Locale.ROOT,
                "%s %,d rows in %d files (%,d bytes) under %s in %.1f s%n",
                dataSet.reused() ? "Reused" : "Wrote",
                settings.rows(),
                dataSet.files().size(),
                dataSet.bytes(),
                dataSet.directory(),
                (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private TradeDataGenerator() {}

    /**
     * Writes the data set into {@code directory}, or reuses the one there if it was written with
     * the same settings and is complete. {@code progress} is told of rows written, in steps, from
     * the writer threads.
     */
    public static DataSet generate(
            Path directory, Settings settings, boolean force, LongConsumer progress)
            throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!force) {
            DataSet existing = existing(dir, settings);
            if (existing != null) {
                return existing;
            }
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(MARKER));
        deletePartitions(dir);

        int threads =
                Math.max(1, Math.min(settings.files(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> written = new ArrayList<>();
            for (int i = 0; i < settings.files(); i++) {
                int file = i;
                written.add(pool.submit(() -> writeFile(dir, settings, file, progress)));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> f : written) {
                paths.add(f.get());
            }
            Properties marker = settings.toProperties();
            long bytes = 0;
            for (int i = 0; i < paths.size(); i++) {
                long size = Files.size(paths.get(i));
                bytes += size;
                marker.setProperty(
                        "file." + i, dir.relativize(paths.get(i)).toString().replace('\\', '/'));
                marker.setProperty("file." + i + ".size", Long.toString(size));
            }
            Path tmp = dir.resolve(MARKER + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                marker.store(out, "Written by " + TradeDataGenerator.class.getName());
            }
            Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
            return new DataSet(dir, settings, paths, bytes, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(
                    "Cannot write the trade data set to " + dir + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while writing the trade data set to " + dir, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The data set in {@code dir} if it was written with these settings and is complete. */
    static DataSet existing(Path dir, Settings settings) throws IOException {
        Path markerFile = dir.resolve(MARKER);
        if (!Files.isRegularFile(markerFile)) {
            return null;
        }
        Properties marker = new Properties();
        try (InputStream in = Files.newInputStream(markerFile)) {
            marker.load(in);
        }
        Properties wanted = settings.toProperties();
        for (String key : wanted.stringPropertyNames()) {
            if (!wanted.getProperty(key).equals(marker.getProperty(key))) {
                return null;
            }
        }
        List<Path> paths = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < settings.files(); i++) {
            String name = marker.getProperty("file." + i);
            String size = marker.getProperty("file." + i + ".size");
            if (name == null || size == null) {
                return null;
            }
            Path path = dir.resolve(name);
            if (!Files.isRegularFile(path) || Files.size(path) != Long.parseLong(size)) {
                return null;
            }
            paths.add(path);
            bytes += Files.size(path);
        }
        return new DataSet(dir, settings, paths, bytes, true);
    }

    private static Path writeFile(Path dir, Settings settings, int file, LongConsumer progress)
            throws IOException {
        Path target = dir.resolve(settings.relativePath(file));
        Files.createDirectories(target.getParent());
        // Written under a hidden name and moved into place, so readers never see a partial file.
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        long first = settings.firstId(file);
        long end = settings.firstId(file + 1);
        long count = end - first;
        long sliceStart =
                settings.date(file).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli()
                        + OPEN_MILLIS_OF_DAY
                        + settings.sliceStartMillis(file);
        long sliceMillis = settings.sliceEndMillis(file) - settings.sliceStartMillis(file);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                        .withType(SCHEMA)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withDictionaryEncoding(true)
                        .withRowGroupRowCountLimit(settings.rowGroupRows())
                        .build()) {
            long pending = 0;
            for (long id = first; id < end; id++) {
                long h = mix(id);
                int s = (int) ((h >>> 1) % SYMBOLS.length);
                long offset = (id - first) * sliceMillis / count;
                writer.write(
                        groups.newGroup()
                                .append("id", id)
                                .append("ts", sliceStart + offset)
                                .append("symbol", SYMBOLS[s])
                                .append(
                                        "price",
                                        priceCents(s, h, settings.sliceStartMillis(file) + offset))
                                .append("qty", qty(id))
                                .append("side", ((h >>> 7) & 1) == 0 ? "BUY" : "SELL"));
                if (++pending == PROGRESS_STEP) {
                    progress.accept(pending);
                    pending = 0;
                }
            }
            progress.accept(pending);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("Cannot write Parquet file " + target + ": " + e, e);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * A price in cents (a DECIMAL(10, 2) unscaled): the symbol's base price, drifting by up to +-4%
     * over the session, plus up to +-0.2% of noise per trade.
     */
    private static long priceCents(int symbol, long h, long millisIntoSession) {
        double base = BASE_PRICES[symbol];
        double drift = 0.04 * Math.sin(2 * Math.PI * millisIntoSession / SESSION_MILLIS + symbol);
        double noise = (((h >>> 16) % 2_001) - 1_000) / 500_000.0;
        return Math.round(base * (1 + drift + noise) * 100);
    }

    /** The quantity of trade {@code id}. */
    static int qty(long id) {
        return (int) (1 + (mix(id) >>> 40) % 100) * 10;
    }

    /** SplitMix64's finalizer: a well-mixed, deterministic function of the id. */
    private static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    static LocalDate tradingDay(int index) {
        LocalDate day = FIRST_DAY;
        int seen = 0;
        while (true) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY
                    && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                if (seen++ == index) {
                    return day;
                }
            }
            day = day.plusDays(1);
        }
    }

    /** Removes {@code date=...} directories a previous run left (nothing else in {@code dir}). */
    private static void deletePartitions(Path dir) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, "date=*")) {
            for (Path child : children) {
                try (Stream<Path> walk = Files.walk(child)) {
                    walk.sorted(Comparator.reverseOrder())
                            .forEach(
                                    p -> {
                                        try {
                                            Files.delete(p);
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(e);
                                        }
                                    });
                } catch (UncheckedIOException e) {
                    throw new IOException(
                            "Cannot remove the old data set under " + child + ": " + e.getCause(),
                            e.getCause());
                }
            }
        }
    }
}
