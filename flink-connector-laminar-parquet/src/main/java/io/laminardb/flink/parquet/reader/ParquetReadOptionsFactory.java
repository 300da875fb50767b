package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/** The parquet-java read options the connector uses everywhere (footers and data). */
@Internal
public final class ParquetReadOptionsFactory {

    private ParquetReadOptionsFactory() {}

    public static ParquetReadOptions create() {
        return ParquetReadOptions.builder()
                .withMetadataFilter(ParquetMetadataConverter.NO_FILTER)
                .useStatsFilter(false)
                .useDictionaryFilter(false)
                .useRecordFilter(false)
                .useColumnIndexFilter(false)
                .useBloomFilter(false)
                .build();
    }
}
