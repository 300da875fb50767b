package io.laminardb.flink.parquet.datagen;

import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;

/**
 * A data set whose time column is strictly ascending in the row id, and so in its files and row
 * groups: a window on it is one run of rows ({@link #middleWindow}).
 */
public interface TimeSortedDataSet extends DataSetSpec {

    /** The name of the time column. */
    String timeColumn();

    /**
     * The stored value of the time column per millisecond: 1 for {@code TIMESTAMP(MILLIS)}, 1,000
     * for {@code TIMESTAMP(MICROS)}. Every stored value is a whole millisecond.
     */
    long timeUnitsPerMilli();

    /** The time of row {@code id}, in UTC epoch millis; strictly ascending in the id. */
    long timeMillis(long id);

    /** 2024-01-01T00:00:00Z in epoch millis: where the data sets' time begins. */
    long EPOCH_MILLIS_2024 = 1_704_067_200_000L;

    /**
     * The time of row {@code id} for a data set with a row every {@code step} milliseconds on
     * average: {@code id * step} after 2024-01-01 plus a jitter below {@code step}, so strictly
     * ascending in the id.
     */
    static long steppedMillis(long id, int step) {
        return EPOCH_MILLIS_2024 + id * step + (DataSetGenerator.mix(id) >>> 50) % step;
    }

    /** An inclusive window {@code [loMillis, hiMillis]} on the time column and the rows in it. */
    record TimeWindow(long loMillis, long hiMillis, long rows) {}

    /**
     * The window covering {@code fraction} of the data set's time range (first to last row),
     * centred on the middle of the range, with the exact number of rows whose time lies in it
     * (found by binary search, as the time is strictly ascending in the id).
     */
    default TimeWindow middleWindow(Settings settings, double fraction) {
        long first = timeMillis(0);
        long last = timeMillis(settings.rows() - 1);
        long width = Math.max(1, Math.round((last - first) * fraction));
        long lo = first + (last - first - width) / 2;
        long hi = lo + width - 1;
        long rows =
                firstIdAtOrAfter(hi + 1, settings.rows()) - firstIdAtOrAfter(lo, settings.rows());
        return new TimeWindow(lo, hi, rows);
    }

    /** The smallest id whose time is at least {@code millis}, or {@code rows} if there is none. */
    private long firstIdAtOrAfter(long millis, long rows) {
        long lo = 0;
        long hi = rows;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (timeMillis(mid) < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
