package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import java.io.IOException;

/**
 * A parquet-java {@link InputFile} over Flink's {@link FileSystem}, so that every file system Flink
 * has (local, s3, abfs, gs, hdfs, and plugins) serves Parquet files. The length is passed in when
 * it is already known (from a listing or a split), saving a metadata call per file.
 */
@Internal
public final class FlinkInputFile implements InputFile {

    private final Path path;
    private final StorageSettings storage;
    private long length;

    /** A file of a known length (-1: unknown), opened through the storage settings' file system. */
    public FlinkInputFile(Path path, long length, StorageSettings storage) {
        this.path = path;
        this.length = length;
        this.storage = storage;
    }

    /** A file of a known length on a file system as the cluster configured it. */
    public FlinkInputFile(Path path, long length) {
        this(path, length, StorageSettings.CLUSTER);
    }

    public FlinkInputFile(Path path) {
        this(path, -1L);
    }

    public Path getPath() {
        return path;
    }

    @Override
    public long getLength() throws IOException {
        if (length < 0) {
            length = storage.fileSystem(path).getFileStatus(path).getLen();
        }
        return length;
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
        FSDataInputStream in = storage.fileSystem(path).open(path);
        return new DelegatingSeekableInputStream(in) {
            @Override
            public long getPos() throws IOException {
                return in.getPos();
            }

            @Override
            public void seek(long newPos) throws IOException {
                in.seek(newPos);
            }
        };
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
