package io.laminardb.flink.parquet.testutils;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/**
 * A {@link ReaderOutput} for tests that drive a source reader by hand and only look at the records:
 * timestamps are dropped, watermarks and idleness ignored, and split outputs are this output.
 */
public abstract class RecordsOnlyOutput<T> implements ReaderOutput<T> {

    @Override
    public void collect(T record, long timestamp) {
        collect(record);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
        return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {}
}
