package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

import javax.annotation.Nullable;

import java.util.Collections;
import java.util.Set;

/** What one fetch hands to the source reader: a batch of one split, and/or that a split ended. */
@Internal
final class ParquetRecords implements RecordsWithSplitIds<ParquetRecord> {

    @Nullable private String splitId;
    @Nullable private final RowBatch batch;
    private final Set<String> finishedSplits;
    private final ParquetRecord record = new ParquetRecord();
    private int next;

    private ParquetRecords(
            @Nullable String splitId, @Nullable RowBatch batch, Set<String> finishedSplits) {
        this.splitId = splitId;
        this.batch = batch;
        this.finishedSplits = finishedSplits;
    }

    static ParquetRecords forBatch(String splitId, RowBatch batch) {
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
    public ParquetRecord nextRecordFromSplit() {
        if (batch == null || next >= batch.numRows) {
            return null;
        }
        batch.fill(record, next++);
        return record;
    }

    @Override
    public Set<String> finishedSplits() {
        return finishedSplits;
    }
}
