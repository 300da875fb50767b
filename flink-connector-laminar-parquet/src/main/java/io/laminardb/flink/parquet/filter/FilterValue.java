package io.laminardb.flink.parquet.filter;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * An immutable, non-null literal of a {@link ParquetFilter}: the value a column is compared with.
 *
 * <p>Seven kinds of literal exist; which column types each one can be compared with is checked by
 * {@link ParquetFilter#validate}:
 *
 * <table>
 *   <caption>Literal kinds and the Flink column types they fit</caption>
 *   <tr><th>kind</th><th>factory</th><th>fits columns of type</th></tr>
 *   <tr><td>{@link Kind#INT64}</td><td>{@link #int64(long)}</td>
 *       <td rowspan="3">TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL (every numeric
 *       literal fits every numeric column; the comparison is exact, see below)</td></tr>
 *   <tr><td>{@link Kind#FLOAT64}</td><td>{@link #float64(double)}</td></tr>
 *   <tr><td>{@link Kind#DECIMAL}</td><td>{@link #decimal(BigDecimal)}</td></tr>
 *   <tr><td>{@link Kind#UTF8}</td><td>{@link #utf8(String)}</td><td>CHAR, VARCHAR</td></tr>
 *   <tr><td>{@link Kind#BOOL}</td><td>{@link #bool(boolean)}</td><td>BOOLEAN</td></tr>
 *   <tr><td>{@link Kind#DATE}</td><td>{@link #date(LocalDate)}</td>
 *       <td>DATE; TIMESTAMP (the date's midnight)</td></tr>
 *   <tr><td>{@link Kind#TIMESTAMP}</td><td>{@link #timestamp(LocalDateTime)}, {@link
 *       #timestamp(Instant)}</td><td>TIMESTAMP, TIMESTAMP_LTZ</td></tr>
 * </table>
 *
 * <p><b>Numbers</b> compare by their exact mathematical value, whatever the kinds on each side:
 * {@code price > 2.5} on a BIGINT column is {@code price >= 3}, {@code qty = 2.5} is never true on
 * an integer column, and a {@code float64(0.1)} literal is not equal to any FLOAT value (0.1 has no
 * exact float representation). {@code NaN} is equal to {@code NaN} and greater than every other
 * number, including {@code +Infinity}; {@code -0.0} equals {@code 0.0} (the semantics of Flink's
 * and Spark's sort order).
 *
 * <p><b>Strings</b> compare by their UTF-8 bytes, unsigned, which is the order of Parquet's
 * statistics and of Flink's {@code StringData} (it differs from {@link String#compareTo} for
 * characters outside the Basic Multilingual Plane).
 *
 * <p><b>Timestamps</b> are held as a {@link LocalDateTime} with nanosecond precision, which stands
 * for the same point on the epoch-based time line as Parquet's TIMESTAMP columns: for a TIMESTAMP
 * (without time zone) column the literal is the wall-clock value; for a TIMESTAMP_LTZ column it is
 * the instant {@code literal.toInstant(ZoneOffset.UTC)}. {@link #timestamp(Instant)} does that
 * conversion for you. Comparisons use all nine fractional digits, whatever the column's precision.
 *
 * <pre>{@code
 * FilterValue.int64(42);
 * FilterValue.float64(Double.NaN);
 * FilterValue.utf8("AAPL");
 * FilterValue.decimal(new BigDecimal("12.50"));
 * FilterValue.date(LocalDate.of(2024, 1, 31));
 * FilterValue.timestamp(LocalDateTime.parse("2024-01-31T09:30:00.123456789"));
 * FilterValue.timestamp(Instant.parse("2024-01-31T09:30:00Z"));
 * }</pre>
 *
 * <p>Two values are equal when they have the same kind and the same representation: {@code
 * decimal(1.0)} and {@code decimal(1.00)} differ, as do {@code float64(0.0)} and {@code
 * float64(-0.0)}; {@code float64(NaN)} equals itself.
 */
@PublicEvolving
public final class FilterValue implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final DateTimeFormatter TIMESTAMP_FORMAT =
            new DateTimeFormatterBuilder()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .appendLiteral(' ')
                    .appendPattern("HH:mm:ss")
                    .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
                    .toFormatter();

    /** The kind of a literal. */
    @PublicEvolving
    public enum Kind {
        /** A 64-bit signed integer. */
        INT64,
        /** An IEEE 754 double, {@code NaN} and the infinities included. */
        FLOAT64,
        /** A string, compared by its UTF-8 bytes. */
        UTF8,
        /** A boolean; {@code false < true}. */
        BOOL,
        /** A calendar date. */
        DATE,
        /** A timestamp with nanosecond precision. */
        TIMESTAMP,
        /** An arbitrary-precision decimal number. */
        DECIMAL
    }

    private final Kind kind;
    private final Object value;

    private FilterValue(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    /** A 64-bit integer literal. */
    public static FilterValue int64(long value) {
        return new FilterValue(Kind.INT64, value);
    }

    /** A double literal; {@code NaN} and the infinities are allowed. */
    public static FilterValue float64(double value) {
        return new FilterValue(Kind.FLOAT64, value);
    }

    /**
     * A string literal.
     *
     * @throws IllegalArgumentException if the string holds an unpaired surrogate (it has no UTF-8
     *     form)
     */
    public static FilterValue utf8(String value) {
        checkNotNull(value, "The string of a utf8 literal must not be null");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        "A utf8 literal must be valid Unicode, but has an unpaired surrogate at"
                                + " index "
                                + i
                                + ": "
                                + value);
            }
        }
        return new FilterValue(Kind.UTF8, value);
    }

    /** A boolean literal. */
    public static FilterValue bool(boolean value) {
        return new FilterValue(Kind.BOOL, value);
    }

    /** A date literal. */
    public static FilterValue date(LocalDate value) {
        return new FilterValue(
                Kind.DATE, checkNotNull(value, "The date of a date literal must not be null"));
    }

    /**
     * A timestamp literal with nanosecond precision. For TIMESTAMP columns it is the wall-clock
     * value; for TIMESTAMP_LTZ columns the instant it has at UTC.
     */
    public static FilterValue timestamp(LocalDateTime value) {
        return new FilterValue(
                Kind.TIMESTAMP,
                checkNotNull(value, "The value of a timestamp literal must not be null"));
    }

    /**
     * A timestamp literal for an instant, stored as its UTC wall-clock value ({@code
     * LocalDateTime.ofInstant(instant, ZoneOffset.UTC)}); meant for TIMESTAMP_LTZ columns.
     *
     * @throws IllegalArgumentException if the instant is outside the range of {@link LocalDateTime}
     */
    public static FilterValue timestamp(Instant value) {
        checkNotNull(value, "The instant of a timestamp literal must not be null");
        try {
            return new FilterValue(Kind.TIMESTAMP, LocalDateTime.ofInstant(value, ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "The instant " + value + " is outside the range of a timestamp literal", e);
        }
    }

    /** A decimal literal, compared by its exact value (its scale does not matter). */
    public static FilterValue decimal(BigDecimal value) {
        return new FilterValue(
                Kind.DECIMAL,
                checkNotNull(value, "The value of a decimal literal must not be null"));
    }

    /** The kind of this literal. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is an INT64, FLOAT64 or DECIMAL literal. */
    public boolean isNumeric() {
        return kind == Kind.INT64 || kind == Kind.FLOAT64 || kind == Kind.DECIMAL;
    }

    /** The value of an INT64 literal. */
    public long asLong() {
        checkKind(Kind.INT64);
        return (Long) value;
    }

    /** The value of a FLOAT64 literal. */
    public double asDouble() {
        checkKind(Kind.FLOAT64);
        return (Double) value;
    }

    /** The value of a UTF8 literal. */
    public String asString() {
        checkKind(Kind.UTF8);
        return (String) value;
    }

    /** The value of a BOOL literal. */
    public boolean asBoolean() {
        checkKind(Kind.BOOL);
        return (Boolean) value;
    }

    /** The value of a DATE literal. */
    public LocalDate asDate() {
        checkKind(Kind.DATE);
        return (LocalDate) value;
    }

    /** The value of a TIMESTAMP literal (the UTC wall-clock value for instants). */
    public LocalDateTime asTimestamp() {
        checkKind(Kind.TIMESTAMP);
        return (LocalDateTime) value;
    }

    /** The value of a TIMESTAMP literal as an instant (its value read at UTC). */
    public Instant asInstant() {
        return asTimestamp().toInstant(ZoneOffset.UTC);
    }

    /** The value of a DECIMAL literal. */
    public BigDecimal asDecimal() {
        checkKind(Kind.DECIMAL);
        return (BigDecimal) value;
    }

    private void checkKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException(
                    "The literal " + this + " is of kind " + kind + ", not " + expected);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FilterValue)) {
            return false;
        }
        FilterValue that = (FilterValue) o;
        // Double.equals: NaN equals NaN, -0.0 differs from 0.0 (representation equality).
        return kind == that.kind && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, value);
    }

    /**
     * SQL-like text: {@code 42}, {@code 2.5}, {@code NaN}, {@code 'it''s'}, {@code TRUE}, {@code
     * DATE '2024-01-31'}, {@code TIMESTAMP '2024-01-31 09:30:00.123'}, {@code DECIMAL '12.50'}.
     */
    @Override
    public String toString() {
        switch (kind) {
            case INT64:
            case FLOAT64:
                return value.toString();
            case UTF8:
                return "'" + ((String) value).replace("'", "''") + "'";
            case BOOL:
                return ((Boolean) value) ? "TRUE" : "FALSE";
            case DATE:
                return "DATE '" + value + "'";
            case TIMESTAMP:
                return "TIMESTAMP '" + TIMESTAMP_FORMAT.format((LocalDateTime) value) + "'";
            case DECIMAL:
                BigDecimal d = (BigDecimal) value;
                // toPlainString of 1E+999999999 would be a billion digits.
                boolean plain = d.scale() >= -64 && d.scale() <= 1024;
                return "DECIMAL '" + (plain ? d.toPlainString() : d.toString()) + "'";
            default:
                throw new IllegalStateException("Unknown kind " + kind);
        }
    }
}
