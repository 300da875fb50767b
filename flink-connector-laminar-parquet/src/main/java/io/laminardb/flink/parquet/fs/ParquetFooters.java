package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.IOException;

/**
 * Reads Parquet footers: the one place the connector does, for the schema when a source is built,
 * for statistics when a SQL query is planned, for splits on the enumerator's I/O threads, and for
 * the data when a reader opens a split. An error names the file. Any thread.
 */
@Internal
public final class ParquetFooters {

    private ParquetFooters() {}

    /** The footer of a discovered file (its listed size saves a metadata call). */
    public static ParquetMetadata read(DiscoveredFile file) throws IOException {
        return read(file, StorageSettings.CLUSTER);
    }

    /** The footer of a discovered file, read through the storage settings' file system. */
    public static ParquetMetadata read(DiscoveredFile file, StorageSettings storage)
            throws IOException {
        return read(new FlinkInputFile(file.path(), file.size(), storage));
    }

    /** The footer of a file of a known length. */
    public static ParquetMetadata read(Path path, long size) throws IOException {
        return read(path, size, StorageSettings.CLUSTER);
    }

    /** The footer of a file of a known length, read through the storage settings' file system. */
    public static ParquetMetadata read(Path path, long size, StorageSettings storage)
            throws IOException {
        return read(new FlinkInputFile(path, size, storage));
    }

    /**
     * How much of a file's end one read fetches: most footers fit (those of files with a few
     * hundred column chunks), and on an object store 64 KiB cost about what 8 bytes do.
     */
    public static final int TAIL_READ_BYTES = 64 * 1024;

    /**
     * The last {@link #TAIL_READ_BYTES} of a file (the whole file when it is smaller), in one
     * ranged read. Whatever they hold: {@link FooterTail#problem()} says whether the file ends like
     * a Parquet file, {@link FooterTail#holdsFooter()} whether the footer is within them.
     *
     * @throws IOException naming the file when it cannot be read (a deleted file: {@link
     *     java.io.FileNotFoundException} as its cause)
     */
    public static FooterTail readTail(FlinkInputFile input) throws IOException {
        try {
            long size = input.getLength();
            int length = (int) Math.min(size, TAIL_READ_BYTES);
            byte[] bytes = new byte[length];
            if (length > 0) {
                input.readFully(size - length, bytes, 0, length);
            }
            return new FooterTail(input.getPath(), size, size - length, bytes);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "Cannot read the end of Parquet file " + input.getPath() + ": " + e, e);
        }
    }

    /** {@link #readTail(FlinkInputFile)} of a discovered file (its listed size). */
    public static FooterTail readTail(DiscoveredFile file, StorageSettings storage)
            throws IOException {
        return readTail(new FlinkInputFile(file.path(), file.size(), storage));
    }

    /**
     * Whether a file ends the way a complete Parquet file does ({@link
     * FooterTail#endsWithFooter()}); one ranged read of its end.
     *
     * @throws IOException when the file cannot be read (a deleted file: {@link
     *     java.io.FileNotFoundException} as its cause)
     */
    public static boolean hasFooterTail(DiscoveredFile file, StorageSettings storage)
            throws IOException {
        return readTail(file, storage).endsWithFooter();
    }

    /**
     * The footer of an input file: one ranged read of its last {@link #TAIL_READ_BYTES}, and a
     * second one for the rest of a footer longer than that. An error names the file: too short, no
     * magic at the end, a footer length beyond the file, a footer that does not parse.
     */
    public static ParquetMetadata read(FlinkInputFile input) throws IOException {
        return read(input, readTail(input));
    }

    /**
     * The footer of an input file whose tail was read: parsed from the tail when it holds the whole
     * footer, else after one more read of the footer's first bytes.
     */
    public static ParquetMetadata read(FlinkInputFile input, FooterTail tail) throws IOException {
        String problem = tail.problem();
        if (problem != null) {
            throw new IOException(problem);
        }
        if (tail.footerLength() > Integer.MAX_VALUE - FooterTail.END_LENGTH) {
            throw new IOException(
                    "Cannot read the Parquet footer of file "
                            + input.getPath()
                            + ": it is "
                            + tail.footerLength()
                            + " bytes long, more than 2 GB");
        }
        long missing = tail.missingBytes();
        if (missing > 0) {
            long footerStart = tail.fileSize() - tail.footerLength() - FooterTail.END_LENGTH;
            byte[] earlier = new byte[(int) missing];
            try {
                input.readFully(footerStart, earlier, 0, earlier.length);
            } catch (IOException | RuntimeException e) {
                throw new IOException(
                        "Cannot read the Parquet footer of file " + input.getPath() + ": " + e, e);
            }
            tail = tail.withBytesBefore(earlier);
        }
        return tail.footer();
    }
}
