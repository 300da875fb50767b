package io.laminardb.flink.parquet.reader;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;

import java.util.Random;

/**
 * Read options whose page index keeps a few random runs of rows of a file with an ascending {@code
 * id} column: only the column index filters (no statistics, dictionary or bloom filter), so the row
 * groups stay and their pages are skipped within.
 */
final class IdRangesKept {

    private IdRangesKept() {}

    /** Options keeping four random runs of {@code id} in {@code [0, rows)}. */
    static ParquetReadOptions options(Random random, int rows) {
        FilterPredicate predicate = null;
        for (int range = 0; range < 4; range++) {
            long from = random.nextInt(rows);
            long to = from + 1 + random.nextInt(rows / 8);
            FilterPredicate kept =
                    FilterApi.and(
                            FilterApi.gtEq(FilterApi.longColumn("id"), from),
                            FilterApi.lt(FilterApi.longColumn("id"), to));
            predicate = predicate == null ? kept : FilterApi.or(predicate, kept);
        }
        return pageIndexOnly(predicate);
    }

    /** Options that filter by {@code predicate} with the page index alone. */
    static ParquetReadOptions pageIndexOnly(FilterPredicate predicate) {
        return ParquetReadOptions.builder()
                .withRecordFilter(FilterCompat.get(predicate))
                .useColumnIndexFilter(true)
                .useStatsFilter(false)
                .useDictionaryFilter(false)
                .useBloomFilter(false)
                .build();
    }
}
