package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

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

    /** Bytes at the end of every Parquet file: the footer's length (4 bytes) and the magic. */
    private static final int TAIL_LENGTH = 8;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /**
     * Whether a file ends the way a complete Parquet file does: its last 4 bytes are the magic
     * {@code PAR1} and the footer length before them fits in the file. One small read; a file still
     * being written usually fails it. It does not parse the footer, so a file that passes may still
     * be corrupt. A file too short for a footer fails it.
     *
     * @throws IOException when the file cannot be read (a deleted file: {@link
     *     java.io.FileNotFoundException} as its cause)
     */
    public static boolean hasFooterTail(DiscoveredFile file, StorageSettings storage)
            throws IOException {
        // magic + footer + length + magic: at least 12 bytes.
        if (file.size() < MAGIC.length + TAIL_LENGTH) {
            return false;
        }
        byte[] tail = new byte[TAIL_LENGTH];
        try (SeekableInputStream in =
                new FlinkInputFile(file.path(), file.size(), storage).newStream()) {
            in.seek(file.size() - TAIL_LENGTH);
            in.readFully(tail);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (tail[4 + i] != MAGIC[i]) {
                return false;
            }
        }
        long footerLength =
                (tail[0] & 0xFFL)
                        | (tail[1] & 0xFFL) << 8
                        | (tail[2] & 0xFFL) << 16
                        | (tail[3] & 0xFFL) << 24;
        return footerLength > 0 && footerLength <= file.size() - MAGIC.length - TAIL_LENGTH;
    }

    /** The footer of an input file; an error names the file. */
    public static ParquetMetadata read(FlinkInputFile input) throws IOException {
        try (SeekableInputStream in = input.newStream()) {
            return ParquetFileReader.readFooter(input, ParquetReadOptionsFactory.create(), in);
        } catch (IOException | RuntimeException e) {
            throw new IOException(
                    "Cannot read the Parquet footer of file " + input.getPath() + ": " + e, e);
        }
    }
}
