package io.laminardb.flink.parquet.filter;

import io.laminardb.flink.parquet.filter.LiteralBounds.Resolved;
import io.laminardb.flink.parquet.filter.ParquetFilter.Operator;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryStringData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * A {@link ParquetFilter} compiled for one row type: evaluates the filter exactly, with SQL's
 * three-valued logic, on {@link RowData} rows of that type.
 *
 * <pre>{@code
 * RowPredicate predicate = RowPredicate.compile(filter, sourceRowType);
 * for (RowData row : rows) {
 *     if (predicate.test(row)) {   // the filter is TRUE for the row
 *         emit(row);
 *     }
 * }
 * }</pre>
 *
 * <p>Compiling validates the filter ({@link ParquetFilter#validate}), resolves every column to its
 * position and every literal to the column's domain once (so that {@code int_col > 2.5} is
 * evaluated as {@code int_col >= 3} on longs), and builds a tree of small nodes that read fields by
 * position with the typed {@link RowData} getters. Evaluating allocates nothing, except for DECIMAL
 * columns of precision above 18 (compared as {@link BigDecimal}s) and whatever the row's own
 * getters allocate.
 *
 * <p>A predicate holds no mutable state: one instance may be used by several threads. It is not
 * serializable; ship the {@link ParquetFilter} and compile it where the rows are.
 */
@PublicEvolving
public final class RowPredicate implements Predicate<RowData> {

    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int UNKNOWN = 2;

    /** Nanoseconds of the smallest and the largest {@link TimestampData}. */
    private static final BigInteger TIMESTAMP_MIN_NANOS =
            LiteralBounds.LONG_MIN.multiply(BigInteger.valueOf(1_000_000L));

    private static final BigInteger TIMESTAMP_MAX_NANOS =
            LiteralBounds.LONG_MAX
                    .multiply(BigInteger.valueOf(1_000_000L))
                    .add(BigInteger.valueOf(999_999L));

    private final ParquetFilter filter;
    private final RowType rowType;
    private final Node root;

    private RowPredicate(ParquetFilter filter, RowType rowType, Node root) {
        this.filter = filter;
        this.rowType = rowType;
        this.root = root;
    }

    /**
     * Compiles a filter for rows of the given type.
     *
     * @throws IllegalArgumentException if the filter does not {@link ParquetFilter#validate
     *     validate} against the row type
     */
    public static RowPredicate compile(ParquetFilter filter, RowType rowType) {
        checkNotNull(filter, "The filter to compile must not be null");
        checkNotNull(rowType, "The row type to compile the filter for must not be null");
        filter.validate(rowType);
        return new RowPredicate(filter, rowType, filter.accept(new Compiler(rowType)));
    }

    /** Whether the filter is TRUE for the row (FALSE and UNKNOWN rows do not pass). */
    @Override
    public boolean test(RowData row) {
        return root.eval(row) == TRUE;
    }

    /**
     * The filter's three-valued result for the row: {@link Boolean#TRUE}, {@link Boolean#FALSE}, or
     * {@code null} for UNKNOWN.
     */
    @Nullable
    public Boolean evaluate(RowData row) {
        int result = root.eval(row);
        return result == UNKNOWN ? null : result == TRUE;
    }

    /** The filter this predicate was compiled from. */
    public ParquetFilter filter() {
        return filter;
    }

    /** The row type this predicate was compiled for. */
    public RowType rowType() {
        return rowType;
    }

    @Override
    public String toString() {
        return "RowPredicate(" + filter + ")";
    }

    // ------------------------------------------------------------------------------------------
    // Compilation
    // ------------------------------------------------------------------------------------------

    private static final class Compiler implements ParquetFilter.Visitor<Node> {
        private final RowType rowType;

        Compiler(RowType rowType) {
            this.rowType = rowType;
        }

        @Override
        public Node visit(ParquetFilter.Comparison c) {
            return comparison(c.column(), c.operator(), c.value(), c);
        }

        @Override
        public Node visit(ParquetFilter.Between b) {
            return new AndNode(
                    new Node[] {
                        comparison(b.column(), Operator.GT_EQ, b.lower(), b),
                        comparison(b.column(), Operator.LT_EQ, b.upper(), b)
                    });
        }

        @Override
        public Node visit(ParquetFilter.In in) {
            int pos = FilterTypes.fieldIndex(rowType, in.column(), in);
            LogicalType type = rowType.getTypeAt(pos);
            switch (type.getTypeRoot()) {
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                case DATE:
                    {
                        LongField field = longField(type, pos);
                        TreeSet<Long> values = new TreeSet<>();
                        for (FilterValue v : in.values()) {
                            Resolved<BigInteger> r = resolveLong(Operator.EQ, v, type);
                            if (r.kind == Resolved.Kind.COMPARE) {
                                values.add(r.value.longValueExact());
                            }
                        }
                        return values.isEmpty()
                                ? new ConstantNode(pos, FALSE)
                                : new LongInNode(
                                        field,
                                        values.stream().mapToLong(Long::longValue).toArray());
                    }
                case FLOAT:
                case DOUBLE:
                    {
                        DoubleField field = doubleField(type, pos);
                        TreeSet<Double> values = new TreeSet<>();
                        boolean nan = false;
                        for (FilterValue v : in.values()) {
                            Resolved<Double> r =
                                    LiteralBounds.resolve(
                                            Operator.EQ,
                                            LiteralBounds.placeDouble(LiteralBounds.real(v)));
                            if (r.kind == Resolved.Kind.COMPARE) {
                                if (Double.isNaN(r.value)) {
                                    nan = true;
                                } else {
                                    values.add(r.value == 0 ? 0.0 : r.value);
                                }
                            }
                        }
                        return values.isEmpty() && !nan
                                ? new ConstantNode(pos, FALSE)
                                : new DoubleInNode(
                                        field,
                                        values.stream().mapToDouble(Double::doubleValue).toArray(),
                                        nan);
                    }
                case CHAR:
                case VARCHAR:
                    {
                        Set<StringData> values = new HashSet<>();
                        for (FilterValue v : in.values()) {
                            FilterTypes.checkComparable(in.column(), type, v, in);
                            values.add(utf8(v));
                        }
                        return new StringInNode(pos, values);
                    }
                default:
                    {
                        List<Node> equalities = new ArrayList<>();
                        for (FilterValue v : in.values()) {
                            equalities.add(comparison(in.column(), Operator.EQ, v, in));
                        }
                        return equalities.size() == 1
                                ? equalities.get(0)
                                : new OrNode(equalities.toArray(new Node[0]));
                    }
            }
        }

        @Override
        public Node visit(ParquetFilter.And and) {
            return new AndNode(
                    and.children().stream().map(c -> c.accept(this)).toArray(Node[]::new));
        }

        @Override
        public Node visit(ParquetFilter.Or or) {
            return new OrNode(or.children().stream().map(c -> c.accept(this)).toArray(Node[]::new));
        }

        @Override
        public Node visit(ParquetFilter.Not not) {
            return new NotNode(not.child().accept(this));
        }

        @Override
        public Node visit(ParquetFilter.IsNull isNull) {
            return new IsNullNode(FilterTypes.fieldIndex(rowType, isNull.column(), isNull), true);
        }

        @Override
        public Node visit(ParquetFilter.IsNotNull isNotNull) {
            return new IsNullNode(
                    FilterTypes.fieldIndex(rowType, isNotNull.column(), isNotNull), false);
        }

        private Node comparison(
                String column, Operator op, FilterValue value, ParquetFilter context) {
            int pos = FilterTypes.fieldIndex(rowType, column, context);
            LogicalType type = rowType.getTypeAt(pos);
            FilterTypes.checkComparable(column, type, value, context);
            switch (type.getTypeRoot()) {
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                case DATE:
                    {
                        Resolved<BigInteger> r = resolveLong(op, value, type);
                        if (r.kind != Resolved.Kind.COMPARE) {
                            return constant(pos, r);
                        }
                        return new LongCompareNode(
                                longField(type, pos), r.operator, r.value.longValueExact());
                    }
                case DECIMAL:
                    {
                        DecimalType decimal = (DecimalType) type;
                        if (isCompact(decimal)) {
                            Resolved<BigInteger> r = resolveLong(op, value, type);
                            if (r.kind != Resolved.Kind.COMPARE) {
                                return constant(pos, r);
                            }
                            return new LongCompareNode(
                                    longField(type, pos), r.operator, r.value.longValueExact());
                        }
                        // DecimalData of this precision holds at most `precision` digits.
                        BigInteger bound =
                                BigInteger.TEN.pow(decimal.getPrecision()).subtract(BigInteger.ONE);
                        Resolved<BigInteger> r =
                                LiteralBounds.resolve(
                                        op,
                                        LiteralBounds.placeInteger(
                                                LiteralBounds.real(value),
                                                decimal.getScale(),
                                                bound.negate(),
                                                bound));
                        if (r.kind != Resolved.Kind.COMPARE) {
                            return constant(pos, r);
                        }
                        return new DecimalCompareNode(
                                pos,
                                decimal.getPrecision(),
                                decimal.getScale(),
                                r.operator,
                                new BigDecimal(r.value, decimal.getScale()));
                    }
                case FLOAT:
                case DOUBLE:
                    {
                        Resolved<Double> r =
                                LiteralBounds.resolve(
                                        op, LiteralBounds.placeDouble(LiteralBounds.real(value)));
                        if (r.kind != Resolved.Kind.COMPARE) {
                            return constant(pos, r);
                        }
                        return new DoubleCompareNode(doubleField(type, pos), r.operator, r.value);
                    }
                case TIMESTAMP_WITHOUT_TIME_ZONE:
                case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                    {
                        Resolved<BigInteger> r =
                                LiteralBounds.resolve(
                                        op,
                                        LiteralBounds.placeInteger(
                                                new BigDecimal(LiteralBounds.epochNanos(value)),
                                                TIMESTAMP_MIN_NANOS,
                                                TIMESTAMP_MAX_NANOS));
                        if (r.kind != Resolved.Kind.COMPARE) {
                            return constant(pos, r);
                        }
                        BigInteger[] millis =
                                r.value.divideAndRemainder(BigInteger.valueOf(1_000_000L));
                        long ms = millis[0].longValueExact();
                        int nanos = millis[1].intValueExact();
                        if (nanos < 0) {
                            ms -= 1;
                            nanos += 1_000_000;
                        }
                        return new TimestampCompareNode(
                                pos, timestampPrecision(type), r.operator, ms, nanos);
                    }
                case CHAR:
                case VARCHAR:
                    return new StringCompareNode(pos, op, utf8(value));
                case BOOLEAN:
                    return new BooleanCompareNode(pos, op, value.asBoolean());
                default:
                    // checkComparable admits no other type
                    throw new IllegalStateException(
                            "Cannot compare column '" + column + "' of type " + type);
            }
        }

        private static Node constant(int pos, Resolved<?> r) {
            return new ConstantNode(pos, r.kind == Resolved.Kind.ALWAYS ? TRUE : FALSE);
        }

        /** A comparison with a column read as a long: integers, DATE, compact DECIMAL. */
        private static Resolved<BigInteger> resolveLong(
                Operator op, FilterValue value, LogicalType type) {
            if (value.kind() == FilterValue.Kind.DATE) {
                return Resolved.compare(op, BigInteger.valueOf(value.asDate().toEpochDay()));
            }
            int scale = type instanceof DecimalType ? ((DecimalType) type).getScale() : 0;
            return LiteralBounds.resolve(
                    op,
                    LiteralBounds.placeInteger(
                            LiteralBounds.real(value),
                            scale,
                            LiteralBounds.LONG_MIN,
                            LiteralBounds.LONG_MAX));
        }
    }

    private static boolean isCompact(DecimalType type) {
        return type.getPrecision() <= 18;
    }

    private static int timestampPrecision(LogicalType type) {
        return type instanceof TimestampType
                ? ((TimestampType) type).getPrecision()
                : ((LocalZonedTimestampType) type).getPrecision();
    }

    /**
     * The literal as UTF-8 bytes. Built from bytes, it never caches a Java string, so {@link
     * BinaryStringData#compareTo} compares bytes (it compares Java strings, in UTF-16 order, only
     * when both sides have one).
     */
    private static BinaryStringData utf8(FilterValue value) {
        return BinaryStringData.fromBytes(value.asString().getBytes(StandardCharsets.UTF_8));
    }

    private static LongField longField(LogicalType type, int pos) {
        switch (type.getTypeRoot()) {
            case TINYINT:
                return new LongField(pos) {
                    @Override
                    long get(RowData row) {
                        return row.getByte(pos);
                    }
                };
            case SMALLINT:
                return new LongField(pos) {
                    @Override
                    long get(RowData row) {
                        return row.getShort(pos);
                    }
                };
            case INTEGER:
            case DATE:
                return new LongField(pos) {
                    @Override
                    long get(RowData row) {
                        return row.getInt(pos);
                    }
                };
            case BIGINT:
                return new LongField(pos) {
                    @Override
                    long get(RowData row) {
                        return row.getLong(pos);
                    }
                };
            case DECIMAL:
                DecimalType decimal = (DecimalType) type;
                int precision = decimal.getPrecision();
                int scale = decimal.getScale();
                return new LongField(pos) {
                    @Override
                    long get(RowData row) {
                        return row.getDecimal(pos, precision, scale).toUnscaledLong();
                    }
                };
            default:
                throw new IllegalStateException("Not read as a long: " + type);
        }
    }

    private static DoubleField doubleField(LogicalType type, int pos) {
        switch (type.getTypeRoot()) {
            case FLOAT:
                return new DoubleField(pos) {
                    @Override
                    double get(RowData row) {
                        return row.getFloat(pos);
                    }
                };
            case DOUBLE:
                return new DoubleField(pos) {
                    @Override
                    double get(RowData row) {
                        return row.getDouble(pos);
                    }
                };
            default:
                throw new IllegalStateException("Not read as a double: " + type);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Nodes: each returns TRUE, FALSE or UNKNOWN
    // ------------------------------------------------------------------------------------------

    private abstract static class Node {
        abstract int eval(RowData row);
    }

    /**
     * The results of {@code x <op> c} for x below, equal to and above c, so that a comparison is
     * one three-way compare and one pick.
     */
    private abstract static class CompareNode extends Node {
        private final int ifLess;
        private final int ifEqual;
        private final int ifGreater;

        CompareNode(Operator op) {
            switch (op) {
                case EQ:
                    ifLess = FALSE;
                    ifEqual = TRUE;
                    ifGreater = FALSE;
                    break;
                case NOT_EQ:
                    ifLess = TRUE;
                    ifEqual = FALSE;
                    ifGreater = TRUE;
                    break;
                case LT:
                    ifLess = TRUE;
                    ifEqual = FALSE;
                    ifGreater = FALSE;
                    break;
                case LT_EQ:
                    ifLess = TRUE;
                    ifEqual = TRUE;
                    ifGreater = FALSE;
                    break;
                case GT:
                    ifLess = FALSE;
                    ifEqual = FALSE;
                    ifGreater = TRUE;
                    break;
                case GT_EQ:
                    ifLess = FALSE;
                    ifEqual = TRUE;
                    ifGreater = TRUE;
                    break;
                default:
                    throw new IllegalStateException("Unknown operator " + op);
            }
        }

        final int pick(int cmp) {
            return cmp < 0 ? ifLess : (cmp == 0 ? ifEqual : ifGreater);
        }
    }

    private abstract static class LongField {
        final int pos;

        LongField(int pos) {
            this.pos = pos;
        }

        abstract long get(RowData row);
    }

    private abstract static class DoubleField {
        final int pos;

        DoubleField(int pos) {
            this.pos = pos;
        }

        abstract double get(RowData row);
    }

    private static final class LongCompareNode extends CompareNode {
        private final LongField field;
        private final long value;

        LongCompareNode(LongField field, Operator op, long value) {
            super(op);
            this.field = field;
            this.value = value;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(field.pos)) {
                return UNKNOWN;
            }
            return pick(Long.compare(field.get(row), value));
        }
    }

    private static final class LongInNode extends Node {
        private final LongField field;
        private final long[] sortedValues;

        LongInNode(LongField field, long[] sortedValues) {
            this.field = field;
            this.sortedValues = sortedValues;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(field.pos)) {
                return UNKNOWN;
            }
            return Arrays.binarySearch(sortedValues, field.get(row)) >= 0 ? TRUE : FALSE;
        }
    }

    private static final class DoubleCompareNode extends CompareNode {
        private final DoubleField field;
        private final double value;

        DoubleCompareNode(DoubleField field, Operator op, double value) {
            super(op);
            this.field = field;
            this.value = value;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(field.pos)) {
                return UNKNOWN;
            }
            return pick(LiteralBounds.compareDoubles(field.get(row), value));
        }
    }

    private static final class DoubleInNode extends Node {
        private final DoubleField field;

        /** Sorted, no NaN, no -0.0. */
        private final double[] sortedValues;

        private final boolean containsNaN;

        DoubleInNode(DoubleField field, double[] sortedValues, boolean containsNaN) {
            this.field = field;
            this.sortedValues = sortedValues;
            this.containsNaN = containsNaN;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(field.pos)) {
                return UNKNOWN;
            }
            double x = field.get(row);
            if (Double.isNaN(x)) {
                return containsNaN ? TRUE : FALSE;
            }
            return Arrays.binarySearch(sortedValues, x == 0 ? 0.0 : x) >= 0 ? TRUE : FALSE;
        }
    }

    private static final class DecimalCompareNode extends CompareNode {
        private final int pos;
        private final int precision;
        private final int scale;
        private final BigDecimal value;

        DecimalCompareNode(int pos, int precision, int scale, Operator op, BigDecimal value) {
            super(op);
            this.pos = pos;
            this.precision = precision;
            this.scale = scale;
            this.value = value;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(pos)) {
                return UNKNOWN;
            }
            return pick(row.getDecimal(pos, precision, scale).toBigDecimal().compareTo(value));
        }
    }

    private static final class TimestampCompareNode extends CompareNode {
        private final int pos;
        private final int precision;
        private final long millis;
        private final int nanoOfMilli;

        TimestampCompareNode(int pos, int precision, Operator op, long millis, int nanoOfMilli) {
            super(op);
            this.pos = pos;
            this.precision = precision;
            this.millis = millis;
            this.nanoOfMilli = nanoOfMilli;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(pos)) {
                return UNKNOWN;
            }
            TimestampData t = row.getTimestamp(pos, precision);
            int cmp = Long.compare(t.getMillisecond(), millis);
            return pick(cmp != 0 ? cmp : Integer.compare(t.getNanoOfMillisecond(), nanoOfMilli));
        }
    }

    private static final class StringCompareNode extends CompareNode {
        private final int pos;
        private final BinaryStringData value;

        StringCompareNode(int pos, Operator op, BinaryStringData value) {
            super(op);
            this.pos = pos;
            this.value = value;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(pos)) {
                return UNKNOWN;
            }
            return pick(row.getString(pos).compareTo(value));
        }
    }

    private static final class StringInNode extends Node {
        private final int pos;
        private final Set<StringData> values;

        StringInNode(int pos, Set<StringData> values) {
            this.pos = pos;
            this.values = values;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(pos)) {
                return UNKNOWN;
            }
            // BinaryStringData hashes and compares the UTF-8 bytes.
            return values.contains(row.getString(pos)) ? TRUE : FALSE;
        }
    }

    private static final class BooleanCompareNode extends CompareNode {
        private final int pos;
        private final boolean value;

        BooleanCompareNode(int pos, Operator op, boolean value) {
            super(op);
            this.pos = pos;
            this.value = value;
        }

        @Override
        int eval(RowData row) {
            if (row.isNullAt(pos)) {
                return UNKNOWN;
            }
            return pick(Boolean.compare(row.getBoolean(pos), value));
        }
    }

    /** A comparison whose result is the same for every non-null value. */
    private static final class ConstantNode extends Node {
        private final int pos;
        private final int ifNotNull;

        ConstantNode(int pos, int ifNotNull) {
            this.pos = pos;
            this.ifNotNull = ifNotNull;
        }

        @Override
        int eval(RowData row) {
            return row.isNullAt(pos) ? UNKNOWN : ifNotNull;
        }
    }

    private static final class IsNullNode extends Node {
        private final int pos;
        private final int ifNull;
        private final int ifNotNull;

        IsNullNode(int pos, boolean isNull) {
            this.pos = pos;
            this.ifNull = isNull ? TRUE : FALSE;
            this.ifNotNull = isNull ? FALSE : TRUE;
        }

        @Override
        int eval(RowData row) {
            return row.isNullAt(pos) ? ifNull : ifNotNull;
        }
    }

    private static final class AndNode extends Node {
        private final Node[] children;

        AndNode(Node[] children) {
            this.children = children;
        }

        @Override
        int eval(RowData row) {
            int result = TRUE;
            for (Node child : children) {
                int r = child.eval(row);
                if (r == FALSE) {
                    return FALSE;
                }
                if (r == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }

    private static final class OrNode extends Node {
        private final Node[] children;

        OrNode(Node[] children) {
            this.children = children;
        }

        @Override
        int eval(RowData row) {
            int result = FALSE;
            for (Node child : children) {
                int r = child.eval(row);
                if (r == TRUE) {
                    return TRUE;
                }
                if (r == UNKNOWN) {
                    result = UNKNOWN;
                }
            }
            return result;
        }
    }

    private static final class NotNode extends Node {
        private final Node child;

        NotNode(Node child) {
            this.child = child;
        }

        @Override
        int eval(RowData row) {
            int r = child.eval(row);
            return r == UNKNOWN ? UNKNOWN : TRUE - r;
        }
    }
}
