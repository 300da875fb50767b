package io.laminardb.flink.parquet.datagen;

import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The one writer of the tools' Parquet data sets: the quickstart's trades ({@link TradeData}) and
 * the benchmark's order executions ({@link ExecutionData}) and wide rows ({@link WideData}), or any
 * other {@link DataSetSpec}.
 *
 * <p>File {@code i} holds the rows with ids {@code [firstId(i), firstId(i + 1))} and is written to
 * {@code [partition directory/]part-NNNNN.parquet} with parquet-java's {@link
 * ExampleParquetWriter}: snappy, v1 data pages, dictionaries on (but for the spec's {@link
 * DataSetSpec#columnsWithoutDictionary}), row groups of {@code rowGroupRows} rows. Files are
 * written in parallel, each under a hidden name and moved into place when complete. Every value is
 * a function of the settings, the file and the row id, so the same settings write the same files.
 *
 * <p>The cache rule: a marker ({@value #MARKER}, which readers skip as a hidden file) records the
 * data set's name and format version, this generator's version, the settings, and every file with
 * its size. A later call for the same data set with the same settings reuses the directory when
 * every file is still there with its size. Anything else (other settings, another data set, a
 * changed format, a missing or changed file) writes the data set again, after removing what an
 * earlier run of the generator left in the directory.
 */
public final class DataSetGenerator {

    /** The marker file of a complete data set. */
    public static final String MARKER = "_generator.properties";

    /** The benchmark's marker before it used this generator; removed when writing. */
    private static final String OLD_BENCHMARK_MARKER = "_dataset.properties";

    /**
     * 1: how files are written (writer, codec, page version, dictionaries, names). Bump it when
     * that changes, so that every data set written before is written again.
     */
    private static final int GENERATOR_VERSION = 1;

    private static final int PROGRESS_STEP = 16_384;

    /** What to write: rows in total, spread evenly over files, and rows per row group. */
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
        public long firstId(int file) {
            return rows * file / files;
        }
    }

    /** A written (or reused) data set: its directory and files, in file order. */
    public record DataSet(
            Path directory, Settings settings, List<Path> files, long bytes, boolean reused) {}

    private DataSetGenerator() {}

    /**
     * Writes the data set into {@code directory}, or reuses the one there if it is this data set,
     * written with the same settings, and complete ({@code force} writes it in any case). {@code
     * progress} is told of rows written, in steps, from the writer threads.
     */
    public static DataSet generate(
            Path directory,
            DataSetSpec spec,
            Settings settings,
            boolean force,
            LongConsumer progress)
            throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!force) {
            DataSet existing = existing(dir, spec, settings);
            if (existing != null) {
                return existing;
            }
        }
        Files.createDirectories(dir);
        removeEarlierOutput(dir);

        int threads =
                Math.max(1, Math.min(settings.files(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Path>> written = new ArrayList<>();
            for (int i = 0; i < settings.files(); i++) {
                int file = i;
                written.add(pool.submit(() -> writeFile(dir, spec, settings, file, progress)));
            }
            List<Path> paths = new ArrayList<>();
            for (Future<Path> f : written) {
                paths.add(f.get());
            }
            Properties marker = markerProperties(spec, settings);
            long bytes = 0;
            for (int i = 0; i < paths.size(); i++) {
                long size = Files.size(paths.get(i));
                bytes += size;
                marker.setProperty("file." + i, relativePath(spec, settings, i));
                marker.setProperty("file." + i + ".size", Long.toString(size));
            }
            Path tmp = dir.resolve(MARKER + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                marker.store(out, "Written by " + DataSetGenerator.class.getName());
            }
            Files.move(tmp, dir.resolve(MARKER), StandardCopyOption.REPLACE_EXISTING);
            return new DataSet(dir, settings, paths, bytes, false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(
                    "Cannot write the " + spec.name() + " data set to " + dir + ": " + cause,
                    cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(
                    "Interrupted while writing the " + spec.name() + " data set to " + dir, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The data set in {@code directory} if it is this data set, written with these settings, and
     * complete (every file there with its size); otherwise null.
     */
    public static DataSet existing(Path directory, DataSetSpec spec, Settings settings)
            throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Path markerFile = dir.resolve(MARKER);
        if (!Files.isRegularFile(markerFile)) {
            return null;
        }
        Properties marker = new Properties();
        try (InputStream in = Files.newInputStream(markerFile)) {
            marker.load(in);
        }
        Properties wanted = markerProperties(spec, settings);
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
            if (!relativePath(spec, settings, i).equals(name) || size == null) {
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

    /** SplitMix64's finalizer: a well-mixed, deterministic, non-negative function of the id. */
    public static long mix(long id) {
        long z = id * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }

    /** The path of file {@code file} in the data set, relative to its directory, with '/'. */
    static String relativePath(DataSetSpec spec, Settings settings, int file) {
        String name = String.format(Locale.ROOT, "part-%05d.parquet", file);
        String partition = spec.partitionDirectory(settings, file);
        return partition.isEmpty() ? name : partition + "/" + name;
    }

    /** What the marker of a data set with these settings holds besides its files. */
    private static Properties markerProperties(DataSetSpec spec, Settings settings) {
        Properties p = new Properties();
        p.setProperty("data.set", spec.name());
        p.setProperty("format.version", Integer.toString(spec.formatVersion()));
        p.setProperty("generator.version", Integer.toString(GENERATOR_VERSION));
        p.setProperty("rows", Long.toString(settings.rows()));
        p.setProperty("files", Integer.toString(settings.files()));
        p.setProperty("row.group.rows", Integer.toString(settings.rowGroupRows()));
        return p;
    }

    private static Path writeFile(
            Path dir, DataSetSpec spec, Settings settings, int file, LongConsumer progress)
            throws IOException {
        Path target = dir.resolve(relativePath(spec, settings, file));
        Files.createDirectories(target.getParent());
        // Written under a hidden name and moved into place, so readers never see a partial file.
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        MessageType schema = spec.schema();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        DataSetSpec.RowFiller rows = spec.rows(settings, file);
        ExampleParquetWriter.Builder builder =
                ExampleParquetWriter.builder(new LocalOutputFile(tmp))
                        .withType(schema)
                        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                        .withCompressionCodec(CompressionCodecName.SNAPPY)
                        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_1_0)
                        .withDictionaryEncoding(true)
                        .withRowGroupRowCountLimit(settings.rowGroupRows());
        for (String column : spec.columnsWithoutDictionary()) {
            builder.withDictionaryEncoding(column, false);
        }
        try (ParquetWriter<Group> writer = builder.build()) {
            long pending = 0;
            long end = settings.firstId(file + 1);
            for (long id = settings.firstId(file); id < end; id++) {
                Group row = groups.newGroup();
                rows.fill(id, row);
                writer.write(row);
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
     * Removes what an earlier run may have left in {@code dir}, of any data set: the markers, the
     * data files at the top ({@code part-*.parquet} and their hidden temporary files), and Hive
     * partition directories ({@code name=value}) that hold nothing else. A partition directory that
     * holds anything else is an error rather than removed: the directory is not the generator's.
     */
    private static void removeEarlierOutput(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child)) {
                    if (child.getFileName().toString().contains("=")) {
                        files.addAll(partitionContents(dir, child));
                    }
                } else if (isDataFile(child)) {
                    files.add(child);
                }
            }
        }
        // The marker first: a directory without one is never reused.
        Files.deleteIfExists(dir.resolve(MARKER));
        Files.deleteIfExists(dir.resolve(MARKER + ".tmp"));
        Files.deleteIfExists(dir.resolve(OLD_BENCHMARK_MARKER));
        for (Path file : files) {
            Files.delete(file);
        }
    }

    /**
     * The files of a partition directory, then the directory itself, if it holds only files the
     * generator writes.
     */
    private static List<Path> partitionContents(Path dir, Path partition) throws IOException {
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(partition)) {
            // Deepest first, so that the directory comes after its files.
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path entry : entries) {
            if (!entry.equals(partition) && !(Files.isRegularFile(entry) && isDataFile(entry))) {
                throw new IOException(
                        "Cannot write a data set to "
                                + dir
                                + ": its partition directory "
                                + partition.getFileName()
                                + " holds "
                                + partition.relativize(entry)
                                + ", which the generator did not write; remove it or choose"
                                + " another directory");
            }
        }
        return entries;
    }

    /** Whether a file is one the generator writes: a data file or its temporary file. */
    private static boolean isDataFile(Path file) {
        String name = file.getFileName().toString();
        return (name.startsWith("part-") && name.endsWith(".parquet"))
                || (name.startsWith(".part-") && name.endsWith(".parquet.tmp"));
    }
}
