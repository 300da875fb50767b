package io.laminardb.flink.parquet.filter;

import io.laminardb.flink.parquet.filter.ParquetFilter.Operator;

import org.apache.flink.annotation.Internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.ZoneOffset;

/**
 * Exact placement of a literal in the domain of a column's values, and the rewriting of a
 * comparison with it into a comparison with a domain value (or a constant).
 *
 * <p>A column's values form a totally ordered domain: the integers of a range (integer columns,
 * unscaled decimals, dates, timestamps in some unit) or the floats or doubles (with {@code NaN}
 * greatest and {@code -0.0 == 0.0}). A literal either is a domain value ({@link Placement#exact})
 * or falls between the greatest domain value below it ({@link Placement#lo}) and the least one
 * above it ({@link Placement#hi}); either may not exist when the literal is beyond the domain. Then
 * for every domain value {@code x}: {@code x < L} iff {@code x <= lo}, {@code x > L} iff {@code x
 * >= hi}, and {@code x = L} never holds. {@link #resolve} applies these rules, so that {@code
 * int_col > 2.5} becomes {@code int_col >= 3} and {@code int_col < 1e30} becomes {@code int_col <=
 * Long.MAX_VALUE}, exactly.
 */
@Internal
final class LiteralBounds {

    static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    static final BigInteger NANOS_PER_DAY = BigInteger.valueOf(86_400L * 1_000_000_000L);

    private LiteralBounds() {}

    /** Where a literal falls in a domain. */
    static final class Placement<T> {
        /** Whether the literal is a domain value; then {@code lo == hi == } the value. */
        final boolean exact;

        /** The greatest domain value not above the literal, or null if there is none. */
        final T lo;

        /** The least domain value not below the literal, or null if there is none. */
        final T hi;

        private Placement(boolean exact, T lo, T hi) {
            this.exact = exact;
            this.lo = lo;
            this.hi = hi;
        }

        static <T> Placement<T> exact(T value) {
            return new Placement<>(true, value, value);
        }

        static <T> Placement<T> between(T lo, T hi) {
            return new Placement<>(false, lo, hi);
        }

        <R> Placement<R> map(java.util.function.Function<T, R> f) {
            return new Placement<>(
                    exact, lo == null ? null : f.apply(lo), hi == null ? null : f.apply(hi));
        }

        @Override
        public String toString() {
            return exact ? "exact(" + lo + ")" : "between(" + lo + ", " + hi + ")";
        }
    }

    /** A comparison rewritten against a domain value, or a constant. */
    static final class Resolved<T> {
        enum Kind {
            /** TRUE for every non-null value. */
            ALWAYS,
            /** FALSE for every non-null value. */
            NEVER,
            /** {@code x <operator> value}. */
            COMPARE
        }

        final Kind kind;
        final Operator operator;
        final T value;

        private Resolved(Kind kind, Operator operator, T value) {
            this.kind = kind;
            this.operator = operator;
            this.value = value;
        }

        static <T> Resolved<T> always() {
            return new Resolved<>(Kind.ALWAYS, null, null);
        }

        static <T> Resolved<T> never() {
            return new Resolved<>(Kind.NEVER, null, null);
        }

        static <T> Resolved<T> compare(Operator operator, T value) {
            return new Resolved<>(Kind.COMPARE, operator, value);
        }

        @Override
        public String toString() {
            return kind == Kind.COMPARE ? "x " + operator.symbol() + " " + value : kind.name();
        }
    }

    /** {@code x <operator> literal} for domain values x, given where the literal falls. */
    static <T> Resolved<T> resolve(Operator operator, Placement<T> placement) {
        if (placement.exact) {
            return Resolved.compare(operator, placement.lo);
        }
        switch (operator) {
            case EQ:
                return Resolved.never();
            case NOT_EQ:
                return Resolved.always();
            case LT:
            case LT_EQ:
                return placement.lo == null
                        ? Resolved.never()
                        : Resolved.compare(Operator.LT_EQ, placement.lo);
            case GT:
            case GT_EQ:
                return placement.hi == null
                        ? Resolved.never()
                        : Resolved.compare(Operator.GT_EQ, placement.hi);
            default:
                throw new IllegalStateException("Unknown operator " + operator);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Numbers
    // ------------------------------------------------------------------------------------------

    /** A numeric literal's exact value: a finite number, an infinity or NaN. */
    static final class Real {
        static final Real NAN = new Real(null, 2);
        static final Real POSITIVE_INFINITY = new Real(null, 1);
        static final Real NEGATIVE_INFINITY = new Real(null, -1);

        /** The value, when finite. */
        final BigDecimal finite;

        /** 0 when finite, +1/-1 for the infinities, 2 for NaN. */
        final int special;

        private Real(BigDecimal finite, int special) {
            this.finite = finite;
            this.special = special;
        }

        static Real of(BigDecimal value) {
            return new Real(value, 0);
        }

        boolean isNaN() {
            return special == 2;
        }

        /** Above every finite number (+Infinity, and NaN, which our order puts above it). */
        boolean isAboveFinite() {
            return special == 1 || special == 2;
        }

        boolean isBelowFinite() {
            return special == -1;
        }
    }

    /** The exact value of an INT64, FLOAT64 or DECIMAL literal. */
    static Real real(FilterValue value) {
        switch (value.kind()) {
            case INT64:
                return Real.of(BigDecimal.valueOf(value.asLong()));
            case DECIMAL:
                return Real.of(value.asDecimal());
            case FLOAT64:
                double d = value.asDouble();
                if (Double.isNaN(d)) {
                    return Real.NAN;
                }
                if (Double.isInfinite(d)) {
                    return d > 0 ? Real.POSITIVE_INFINITY : Real.NEGATIVE_INFINITY;
                }
                return Real.of(new BigDecimal(d)); // exact; -0.0 becomes 0
            default:
                throw new IllegalArgumentException("Not a numeric literal: " + value);
        }
    }

    /**
     * Places {@code literal * 10^scale} among the integers of {@code [min, max]} (the unscaled
     * values of a decimal with that scale; scale 0 for integers). NaN, which is greater than every
     * number, lands above the range like +Infinity.
     */
    static Placement<BigInteger> placeInteger(
            Real literal, int scale, BigInteger min, BigInteger max) {
        if (literal.isAboveFinite()) {
            return Placement.between(max, null);
        }
        if (literal.isBelowFinite()) {
            return Placement.between(null, min);
        }
        return placeInteger(literal.finite.movePointRight(scale), min, max);
    }

    /** Places an exact number among the integers of {@code [min, max]}. */
    static Placement<BigInteger> placeInteger(BigDecimal value, BigInteger min, BigInteger max) {
        // Range checks first: compareTo looks at the exponents before any digit, so a literal
        // like 1E+999999999 costs nothing.
        if (value.compareTo(new BigDecimal(max)) > 0) {
            return Placement.between(max, null);
        }
        if (value.compareTo(new BigDecimal(min)) < 0) {
            return Placement.between(null, min);
        }
        int signum = value.signum();
        if (signum == 0) {
            return Placement.exact(BigInteger.ZERO);
        }
        if (value.scale() <= 0) {
            return Placement.exact(value.toBigIntegerExact());
        }
        BigInteger floor;
        BigInteger ceil;
        if (value.precision() <= value.scale()) {
            // 0 < |value| < 1; avoids rescaling a literal like 1E-999999999
            floor = signum < 0 ? BigInteger.ONE.negate() : BigInteger.ZERO;
            ceil = signum < 0 ? BigInteger.ZERO : BigInteger.ONE;
        } else {
            floor = value.setScale(0, RoundingMode.FLOOR).toBigIntegerExact();
            ceil = value.setScale(0, RoundingMode.CEILING).toBigIntegerExact();
        }
        if (floor.equals(ceil)) {
            return Placement.exact(floor);
        }
        // min <= value <= max and value is not an integer, so min <= floor < ceil <= max.
        return Placement.between(floor, ceil);
    }

    /** Places a numeric literal among the doubles (NaN greatest, -0.0 == 0.0). */
    static Placement<Double> placeDouble(Real literal) {
        if (literal.isNaN()) {
            return Placement.exact(Double.NaN);
        }
        if (literal.special != 0) {
            return Placement.exact(
                    literal.special > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
        }
        BigDecimal v = literal.finite;
        double d = v.doubleValue();
        if (Double.isInfinite(d)) {
            return d > 0
                    ? Placement.between(Double.MAX_VALUE, Double.POSITIVE_INFINITY)
                    : Placement.between(Double.NEGATIVE_INFINITY, -Double.MAX_VALUE);
        }
        int c = new BigDecimal(d).compareTo(v);
        if (c == 0) {
            return Placement.exact(d == 0 ? 0.0 : d);
        }
        double lo = c < 0 ? d : Math.nextDown(d);
        double hi = c < 0 ? Math.nextUp(d) : d;
        // doubleValue() rounds to nearest; walk if it ever did not.
        while (!Double.isInfinite(lo) && new BigDecimal(lo).compareTo(v) > 0) {
            hi = lo;
            lo = Math.nextDown(lo);
        }
        while (!Double.isInfinite(hi) && new BigDecimal(hi).compareTo(v) < 0) {
            lo = hi;
            hi = Math.nextUp(hi);
        }
        if (!Double.isInfinite(lo) && new BigDecimal(lo).compareTo(v) == 0) {
            return Placement.exact(lo == 0 ? 0.0 : lo);
        }
        return Placement.between(lo, hi);
    }

    /** Places a numeric literal among the floats (NaN greatest, -0.0 == 0.0). */
    static Placement<Float> placeFloat(Real literal) {
        if (literal.isNaN()) {
            return Placement.exact(Float.NaN);
        }
        if (literal.special != 0) {
            return Placement.exact(
                    literal.special > 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
        }
        BigDecimal v = literal.finite;
        float f = v.floatValue();
        if (Float.isInfinite(f)) {
            return f > 0
                    ? Placement.between(Float.MAX_VALUE, Float.POSITIVE_INFINITY)
                    : Placement.between(Float.NEGATIVE_INFINITY, -Float.MAX_VALUE);
        }
        int c = new BigDecimal(f).compareTo(v);
        if (c == 0) {
            return Placement.exact(f == 0 ? 0.0f : f);
        }
        float lo = c < 0 ? f : Math.nextDown(f);
        float hi = c < 0 ? Math.nextUp(f) : f;
        while (!Float.isInfinite(lo) && new BigDecimal(lo).compareTo(v) > 0) {
            hi = lo;
            lo = Math.nextDown(lo);
        }
        while (!Float.isInfinite(hi) && new BigDecimal(hi).compareTo(v) < 0) {
            lo = hi;
            hi = Math.nextUp(hi);
        }
        if (!Float.isInfinite(lo) && new BigDecimal(lo).compareTo(v) == 0) {
            return Placement.exact(lo == 0 ? 0.0f : lo);
        }
        return Placement.between(lo, hi);
    }

    /**
     * Compares doubles in the filter order: {@code NaN} equals {@code NaN} and is greater than
     * everything else, {@code -0.0} equals {@code 0.0}.
     */
    static int compareDoubles(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        if (a == b) {
            return 0;
        }
        boolean aNaN = Double.isNaN(a);
        boolean bNaN = Double.isNaN(b);
        return aNaN == bNaN ? 0 : (aNaN ? 1 : -1);
    }

    // ------------------------------------------------------------------------------------------
    // Time
    // ------------------------------------------------------------------------------------------

    /**
     * Nanoseconds since 1970-01-01T00:00 of a TIMESTAMP literal, or of a DATE literal's midnight.
     */
    static BigInteger epochNanos(FilterValue value) {
        switch (value.kind()) {
            case TIMESTAMP:
                return BigInteger.valueOf(value.asTimestamp().toEpochSecond(ZoneOffset.UTC))
                        .multiply(NANOS_PER_SECOND)
                        .add(BigInteger.valueOf(value.asTimestamp().getNano()));
            case DATE:
                return BigInteger.valueOf(value.asDate().toEpochDay()).multiply(NANOS_PER_DAY);
            default:
                throw new IllegalArgumentException("Not a date or timestamp literal: " + value);
        }
    }

    /** The number of units of {@code nanosPerUnit} nanoseconds in a literal, as an exact number. */
    static BigDecimal epochUnits(FilterValue value, long nanosPerUnit) {
        return new BigDecimal(epochNanos(value))
                .divide(BigDecimal.valueOf(nanosPerUnit)); // exact: a power of ten
    }
}
