package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;

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
