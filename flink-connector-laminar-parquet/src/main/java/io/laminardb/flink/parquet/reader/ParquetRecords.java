package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

import javax.annotation.Nullable;

import java.util.Collections;
import java.util.Set;

/**
 * What one fetch hands to the source reader: one batch of one split (a single element, however many
 * rows it has, even none), or that a split ended. {@link #recycle()}, which the source reader calls
 * once the emitter has taken the element (every row of it emitted), gives a pooled batch's vectors
 * back ({@link ParquetBatch#recycle()}); a reader that stops mid-batch never calls it, and that
 * batch is never written again.
 */
@Internal
final class ParquetRecords implements RecordsWithSplitIds<ParquetBatch> {

    @Nullable private String splitId;
    @Nullable private ParquetBatch batch;

    /** The batch to recycle, kept after it was handed to the emitter. */
    @Nullable private final ParquetBatch recyclable;

    private final Set<String> finishedSplits;

    private ParquetRecords(
            @Nullable String splitId, @Nullable ParquetBatch batch, Set<String> finishedSplits) {
        this.splitId = splitId;
        this.batch = batch;
        this.recyclable = batch;
        this.finishedSplits = finishedSplits;
    }

    static ParquetRecords forBatch(String splitId, ParquetBatch batch) {
        return new ParquetRecords(splitId, batch, Collections.emptySet());
    }

    static ParquetRecords finished(String splitId) {
        return new ParquetRecords(null, null, Collections.singleton(splitId));
    }

    static ParquetRecords empty() {
        return new ParquetRecords(null, null, Collections.emptySet());
    }

    @Nullable
    @Override
    public String nextSplit() {
        String id = splitId;
        splitId = null;
        return id;
    }

    @Nullable
    @Override
    public ParquetBatch nextRecordFromSplit() {
        ParquetBatch next = batch;
        batch = null;
        return next;
    }

    @Override
    public Set<String> finishedSplits() {
        return finishedSplits;
    }

    /** Mailbox thread: every row of the batch was emitted (or it is dropped unread on close). */
    @Override
    public void recycle() {
        if (recyclable != null) {
            recyclable.recycle();
        }
    }
}
