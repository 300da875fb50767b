package io.laminardb.flink.parquet.benchmark;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark's data set: order executions in ten columns of mixed types, written by
 * parquet-java's {@link ExampleParquetWriter} into flat files {@code part-NNNNN.parquet} (snappy,
 * v1 data pages, dictionaries where they pay, 128k-row row groups by default). Values are a
 * function of the row id, so the same settings always write the same rows.
 *
 * <pre>
 * column     type          encoding the writer ends up with
 * id         BIGINT        plain (unique, ascending)
 * ts         TIMESTAMP(3)  plain (ascending)
 * symbol     STRING        dictionary (100 values)
 * exchange   STRING        dictionary (6 values)
 * side       STRING        dictionary (2 values)
 * order_ref  STRING        dictionary, then plain (unique, 16 characters)
 * price      DOUBLE        dictionary, then plain
 * qty        INT           dictionary (1000 values)
 * trader_id  INT           dictionary (10000 values)
 * fee        DOUBLE NULL   plain, 5% nulls
 * </pre>
 *
 * <p>A marker ({@code _dataset.properties}; readers skip names starting with {@code _}) records the
 * settings and files; a data set with the same settings whose files are all there is reused.
 */
final class BenchmarkData {

    static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message execution {\n"
                            + "  required int64 id;\n"
                            + "  required int64 ts (TIMESTAMP(MILLIS,false));\n"
                            + "  required binary symbol (STRING);\n"
                            + "  required binary exchange (STRING);\n"
                            + "  required binary side (STRING);\n"
                            + "  required binary order_ref (STRING);\n"
                            + "  required double price;\n"
                            + "  required int32 qty;\n"
                            + "  required int32 trader_id;\n"
                            + "  optional double fee;\n"
                            + "}");

    /** The columns of the projection case: one string, one double. */
    static final String[] PROJECTION = {"symbol", "price"};

    static final String MARKER = "_dataset.properties";
    private static final int FORMAT_VERSION = 1;
    private static final long EPOCH_MILLIS_2024 = 1_704_067_200_000L;
    private static final String[] EXCHANGES = {"XNAS", "XNYS", "ARCX", "BATS", "EDGX", "IEXG"};
    private static final String[] SYMBOLS = symbols(100);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** What to write. */
    record Settings(long rows, int files, int rowGroupRows) {
        Settings {
            if (rows < 1 || files < 1 || files > rows || rowGroupRows < 1) {
                throw new IllegalArgumentException(
                        String.format(
                                Locale.ROOT,
                                "Bad data set settings: rows %d (at least 1), files %d (1 to"
                                        + " rows), row-group rows %d (at least 1)",
                                rows,
                                files,
                                rowGroupRows));
            }
        }

        long firstId(int file) {
            return rows * file / files;
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

    /** A written or reused data set. */
    record DataSet(
            Path directory, Settings settings, List<Path> files, long bytes, boolean reused) {}

    private BenchmarkData() {}

    /** Reuses the data set in {@code dir} if it has these settings, or writes it. */
    static DataSet prepare(Path dir, Settings settings) throws IOException {
        dir = dir.toAbsolutePath().normalize();
        DataSet existing = existing(dir, settings);
        if (existing != null) {
            return existing;
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(MARKER));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "part-*.parquet")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        int threads =
                Math.max(1, Math.min(settings.files(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> futures = new ArrayList<>();
            for (int i = 0; i < settings.files(); i++) {
                int file = i;
                Path target = dir.resolve(String.format(Locale.ROOT, "part-%05d.parquet", i));
                futures.add(pool.submit(() -> write(target, settings, file)));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> f : futures) {
                paths.add(f.get());
            }
            Properties marker = settings.toProperties();
            long bytes = 0;
            for (int i = 0; i < paths.size(); i++) {
                long size = Files.size(paths.get(i));
                bytes += size;
                marker.setProperty("file." + i, paths.get(i).getFileName().toString());
                marker.setProperty("file." + i + ".size", Long.toString(size));
            }
            Path tmp = dir.resolve(MARKER + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                marker.store(out, "Written by " + BenchmarkData.class.getName());
            }
            Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
            return new DataSet(dir, settings, paths, bytes, false);
        } catch (ExecutionException e) {
            throw new IOException(
                    "Cannot write the benchmark data set to " + dir + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while writing the data set to " + dir, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static DataSet existing(Path dir, Settings settings) throws IOException {
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
            bytes += Long.parseLong(size);
        }
        return new DataSet(dir, settings, paths, bytes, true);
    }

    private static Path write(Path target, Settings settings, int file) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        char[] ref = new char[16];
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                        .withType(SCHEMA)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withDictionaryEncoding(true)
                        .withRowGroupRowCountLimit(settings.rowGroupRows())
                        .build()) {
            for (long id = settings.firstId(file); id < settings.firstId(file + 1); id++) {
                long h = mix(id);
                int symbol = (int) (h % SYMBOLS.length);
                double price =
                        Math.round(
                                        (10 + symbol * 7.5)
                                                * (1 + ((h >>> 8) % 20_001 - 10_000) / 1e5)
                                                * 100)
                                / 100.0;
                int qty = (int) (1 + (h >>> 24) % 1000);
                ref[0] = 'O';
                ref[1] = 'R';
                ref[2] = 'D';
                ref[3] = '-';
                long r = mix(~id);
                for (int c = 4; c < 16; c++) {
                    ref[c] = HEX[(int) (r & 15)];
                    r >>>= 4;
                }
                Group g =
                        groups.newGroup()
                                .append("id", id)
                                .append("ts", tsMillis(id))
                                .append("symbol", SYMBOLS[symbol])
                                .append(
                                        "exchange",
                                        EXCHANGES[(int) ((h >>> 34) % EXCHANGES.length)])
                                .append("side", ((h >>> 40) & 1) == 0 ? "BUY" : "SELL")
                                .append("order_ref", new String(ref))
                                .append("price", price)
                                .append("qty", qty)
                                .append("trader_id", (int) ((h >>> 44) % 10_000));
                if ((h >>> 20) % 20 != 0) {
                    g.append("fee", Math.round(price * qty * 0.35) / 1000.0);
                }
                writer.write(g);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("Cannot write Parquet file " + target + ": " + e, e);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /**
     * The {@code ts} of a row, in UTC epoch millis: 7 ms apart plus 0 to 6 ms of jitter, so it is
     * strictly ascending in the id (and in the files and row groups, which hold ascending ids).
     */
    static long tsMillis(long id) {
        return EPOCH_MILLIS_2024 + id * 7 + (mix(id) >>> 50) % 7;
    }

    /** An inclusive window {@code [loMillis, hiMillis]} on {@code ts} and the rows inside it. */
    record TimeWindow(long loMillis, long hiMillis, long rows) {}

    /**
     * The window covering {@code fraction} of the data set's time range (first to last {@code ts}),
     * centred on the middle of the range, with the exact number of rows whose {@code ts} lies in it
     * (found by binary search, as {@code ts} is strictly ascending in the id).
     */
    static TimeWindow middleWindow(Settings settings, double fraction) {
        long first = tsMillis(0);
        long last = tsMillis(settings.rows() - 1);
        long width = Math.max(1, Math.round((last - first) * fraction));
        long lo = first + (last - first - width) / 2;
        long hi = lo + width - 1;
        long rows =
                firstIdAtOrAfter(hi + 1, settings.rows()) - firstIdAtOrAfter(lo, settings.rows());
        return new TimeWindow(lo, hi, rows);
    }

    /** The smallest id whose ts is at least {@code millis}, or {@code rows} if there is none. */
    private static long firstIdAtOrAfter(long millis, long rows) {
        long lo = 0;
        long hi = rows;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (tsMillis(mid) < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String[] symbols(int n) {
        String[] symbols = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder s = new StringBuilder();
            int v = i * 7919 + 13;
            for (int c = 0; c < 3 + i % 3; c++) {
                s.append((char) ('A' + v % 26));
                v /= 26;
                v += i;
            }
            symbols[i] = s.toString() + i;
        }
        return symbols;
    }

    /** SplitMix64's finalizer: a well-mixed, deterministic, non-negative function of the id. */
    static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
