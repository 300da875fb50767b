package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.split.ParquetSplit;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.hadoop.metadata.ParquetMetadata;

import java.io.IOException;

/**
 * The footer of the file read last, so that consecutive splits of one file (one per row group) read
 * its footer once. Keyed by path, size and modification time, so a rewritten file is read again.
 * Holds one footer at a time. Fetcher thread only.
 */
@Internal
final class FooterCache {

    /** Reads a footer. */
    interface Loader {
        ParquetMetadata load() throws IOException;
    }

    private String key;
    private ParquetMetadata footer;

    ParquetMetadata get(ParquetSplit split, Loader loader) throws IOException {
        String splitKey = split.path() + "|" + split.fileSize() + "|" + split.modificationTime();
        if (!splitKey.equals(key)) {
            footer = loader.load();
            key = splitKey;
        }
        return footer;
    }
}
