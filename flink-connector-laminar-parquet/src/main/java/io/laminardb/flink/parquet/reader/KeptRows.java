package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.io.ParquetDecodingException;

import java.util.PrimitiveIterator;

/**
 * The row-group indexes of the rows the page index kept ({@code PageReadStore#getRowIndexes}), in
 * runs of consecutive rows, with one index of look-ahead. Fetcher thread.
 */
@Internal
final class KeptRows {
    private final PrimitiveIterator.OfLong indexes;
    private boolean buffered;
    private long next;

    KeptRows(PrimitiveIterator.OfLong indexes) {
        this.indexes = indexes;
    }

    /** The next kept row without consuming it, or -1 after the last. */
    long peek() {
        if (!buffered) {
            if (!indexes.hasNext()) {
                return -1;
            }
            next = indexes.nextLong();
            buffered = true;
        }
        return next;
    }

    /** The next kept row; consumes it. */
    long next() {
        if (!buffered) {
            if (!indexes.hasNext()) {
                throw new ParquetDecodingException("Read past the rows the page index kept");
            }
            return indexes.nextLong();
        }
        buffered = false;
        return next;
    }

    /**
     * Consumes the kept rows right after {@code row} that follow it without a gap, at most {@code
     * max} of them; returns how many.
     */
    int consecutive(long row, int max) {
        int n = 0;
        while (n < max) {
            if (!buffered) {
                if (!indexes.hasNext()) {
                    break;
                }
                next = indexes.nextLong();
                buffered = true;
            }
            if (next != row + n + 1) {
                break;
            }
            buffered = false;
            n++;
        }
        return n;
    }

    void skip(long rows) {
        for (long i = 0; i < rows; i++) {
            next();
        }
    }
}
