package io.laminardb.flink.parquet.filter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.types.logical.RowType;

import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.schema.MessageType;

import java.util.Optional;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Conversions of {@link ParquetFilter}s for parquet-java.
 *
 * <pre>{@code
 * ParquetFilter filter =
 *         ParquetFilter.and(ParquetFilter.gte("price", 10.0), ParquetFilter.eq("symbol", "AAPL"));
 * MessageType fileSchema = reader.getFileMetaData().getSchema();
 * Optional<FilterPredicate> pruning = FilterPredicates.forFile(filter, fileSchema);
 * ParquetReadOptions options =
 *         ParquetReadOptions.builder()
 *                 .withRecordFilter(pruning.map(FilterCompat::get).orElse(FilterCompat.NOOP))
 *                 .useStatsFilter(true).useDictionaryFilter(true).useBloomFilter(true)
 *                 .useColumnIndexFilter(true)
 *                 .build();
 * }</pre>
 */
@PublicEvolving
public final class FilterPredicates {

    private FilterPredicates() {}

    /**
     * A parquet-java predicate that every row for which {@code filter} is TRUE satisfies, for
     * pruning row groups (statistics, dictionaries, bloom filters) and pages (column indexes) of
     * one file; empty when no part of the filter can be expressed safely. The predicate is
     * <em>conservative</em>: parquet-java's filters built on it never drop a row the filter
     * accepts, under parquet-java's own semantics (where, for example, {@code notEq} also keeps
     * nulls). It may keep rows the filter rejects, so rows must still be checked with a {@link
     * RowPredicate}.
     *
     * <p>The predicate is built for the file's own schema, so that a file whose column is INT32
     * while the table says BIGINT, or TIMESTAMP(MILLIS) where another file has NANOS, gets the
     * literals converted exactly for its physical type. A column missing from the file, or of a
     * type the literal does not fit, is not translated. The filter need not be validated first. The
     * columns are taken to be read as their natural Flink types; when they are read as declared
     * types that change their values (a timestamp read at a lower precision), use {@link
     * #forFile(ParquetFilter, MessageType, RowType)}.
     *
     * <p>Translated (top-level, non-repeated columns):
     *
     * <ul>
     *   <li>INT32 and INT64 integers, signed, and INT(8/16/32) unsigned (parquet-java compares
     *       those unsigned); numeric literals are converted exactly: {@code x > 2.5} is {@code x >=
     *       3}, {@code x = 2.5} is FALSE, {@code x < 1e10} on INT32 is {@code x <= 2147483647}.
     *       Values are assumed to lie in the annotated range (INT(8) in -128..127), as the Parquet
     *       specification requires.
     *   <li>DECIMAL on INT32, INT64, FIXED_LEN_BYTE_ARRAY (the literal sign-extended to the
     *       column's length) and BINARY (equality becomes the range {@code >= v AND <= v}, since
     *       bloom filters and dictionaries compare bytes and a BINARY decimal has many encodings);
     *       literals are rescaled exactly, an inexact bound rounded to the next value the column
     *       can hold.
     *   <li>DATE; TIMESTAMP(MILLIS/MICROS/NANOS) on INT64, with the literal converted to the
     *       column's unit (rounded up for {@code >}, down for {@code <}).
     *   <li>FLOAT and DOUBLE with a non-NaN literal (rounded to the nearest FLOAT values around it
     *       for FLOAT columns). Equality with zero matches both {@code 0.0} and {@code -0.0}. On
     *       columns in the IEEE 754 total order (parquet-java 1.18 gives FLOAT and DOUBLE that
     *       order by default), where NaNs with the sign bit set sort below {@code -Infinity},
     *       {@code x > v} becomes {@code x > v OR x < -Infinity} so that those NaNs, which the
     *       filter puts above every number, still match.
     *   <li>STRING, ENUM and JSON on BINARY (UTF-8 bytes, unsigned order); BOOLEAN.
     *   <li>{@code IS NULL} and {@code IS NOT NULL} on any primitive column, except {@code IS NULL}
     *       on a FIXED_LEN_BYTE_ARRAY or BINARY decimal (a value beyond the declared precision is
     *       read as NULL).
     * </ul>
     *
     * <p>Not translated: INT96 timestamps, unsigned INT64, FLOAT16, UUID, TIME, BYTES, nested and
     * repeated columns, column names containing a dot (parquet-java splits paths at dots), and NaN
     * literals (bloom filters hash NaN payloads, and parquet-java releases without NaN counts drop
     * row groups holding NaN for them). On such older releases {@code >}, {@code >=}, {@code <>}
     * and {@code NOT IN} on FLOAT and DOUBLE columns, which NaN rows can match, are not translated
     * either. An untranslatable part of an AND is dropped; an OR with an untranslatable part is
     * untranslatable; NOT is pushed down to the comparisons first (three-valued logic allows it),
     * so no {@code not} is ever produced.
     */
    public static Optional<FilterPredicate> forFile(ParquetFilter filter, MessageType fileSchema) {
        checkNotNull(filter, "The filter to translate must not be null");
        checkNotNull(fileSchema, "The file schema to translate the filter for must not be null");
        return ParquetPredicateTranslator.translate(filter, fileSchema, null);
    }

    /**
     * Like {@link #forFile(ParquetFilter, MessageType)}, for columns read as the types {@code
     * readType} declares (by name; columns it does not name are read as their natural types). Where
     * that changes the values the filter sees, the predicate follows: a timestamp column read at a
     * lower precision than the file's (TIMESTAMP(3) over MICROS) holds truncated values, so a
     * comparison becomes the range of file values whose truncation satisfies it ({@code ts =
     * TIMESTAMP '2024-01-01 10:00:00.123'} keeps the file values from {@code .123000} to {@code
     * .123999}; {@code ts < L} keeps those below the first step at or above L).
     */
    public static Optional<FilterPredicate> forFile(
            ParquetFilter filter, MessageType fileSchema, RowType readType) {
        checkNotNull(filter, "The filter to translate must not be null");
        checkNotNull(fileSchema, "The file schema to translate the filter for must not be null");
        checkNotNull(readType, "The types the columns are read as must not be null");
        return ParquetPredicateTranslator.translate(filter, fileSchema, readType);
    }
}
