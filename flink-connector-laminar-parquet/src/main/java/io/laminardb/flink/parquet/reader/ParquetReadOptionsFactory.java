package io.laminardb.flink.parquet.reader;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

import javax.annotation.Nullable;

/** The parquet-java read options the connector uses everywhere (footers and data). */
@Internal
public final class ParquetReadOptionsFactory {

    private ParquetReadOptionsFactory() {}

    public static ParquetReadOptions create() {
        return create(null);
    }

    /**
     * Options for reading data with a pruning predicate: the page index (column index and offset
     * index) may skip pages of row groups read with {@code readFilteredRowGroup}. Row groups are
     * never dropped by the reader itself (the connector prunes them explicitly, so row-group
     * indexes stay those of the footer).
     */
    public static ParquetReadOptions create(@Nullable FilterPredicate pruning) {
        ParquetReadOptions.Builder builder = ParquetReadOptions.builder();
        if (pruning != null) {
            builder.withRecordFilter(FilterCompat.get(pruning));
        }
        return builder.withMetadataFilter(ParquetMetadataConverter.NO_FILTER)
                .useStatsFilter(false)
                .useDictionaryFilter(false)
                .useRecordFilter(false)
                .useColumnIndexFilter(pruning != null)
                .useBloomFilter(false)
                .build();
    }
}
