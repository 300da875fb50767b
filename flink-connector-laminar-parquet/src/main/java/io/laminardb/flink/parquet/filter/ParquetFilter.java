package io.laminardb.flink.parquet.filter;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * An immutable, serializable row filter: a tree of comparisons between top-level columns and {@link
 * FilterValue literals}, combined with AND, OR and NOT.
 *
 * <pre>{@code
 * ParquetFilter filter =
 *         ParquetFilter.and(
 *                 ParquetFilter.gte("price", 10.0),
 *                 ParquetFilter.eq("symbol", "AAPL"),
 *                 ParquetFilter.or(
 *                         ParquetFilter.isNull("note"),
 *                         ParquetFilter.in("venue", "XNAS", "XNYS")),
 *                 ParquetFilter.not(
 *                         ParquetFilter.between(
 *                                 "ts",
 *                                 LocalDateTime.parse("2024-01-01T00:00"),
 *                                 LocalDateTime.parse("2024-01-02T00:00"))));
 * filter.toString();
 * // (price >= 10.0 AND symbol = 'AAPL' AND (note IS NULL OR venue IN ('XNAS', 'XNYS'))
 * //   AND NOT (ts BETWEEN TIMESTAMP '2024-01-01 00:00:00' AND TIMESTAMP '2024-01-02 00:00:00'))
 * }</pre>
 *
 * <p><b>Columns</b> are top-level columns of the source's schema, named exactly (case-sensitive). A
 * name is never split at dots: {@code "a.b"} is the top-level column called {@code a.b}, not the
 * field {@code b} of a row {@code a}. Fields inside nested rows cannot be filtered on.
 *
 * <p><b>Semantics</b> are SQL's three-valued logic: a comparison with a NULL column value is
 * UNKNOWN, {@code NOT UNKNOWN} is UNKNOWN, {@code FALSE AND UNKNOWN} is FALSE, {@code TRUE OR
 * UNKNOWN} is TRUE, and a row passes the filter only when the filter is TRUE for it. {@code IN} is
 * the OR of equalities and {@code BETWEEN} is inclusive ({@code lower <= x AND x <= upper}, so it
 * is empty when {@code lower > upper}). How literals compare with column values (exact numbers,
 * NaN, -0.0, UTF-8 byte order, nanosecond timestamps) is described in {@link FilterValue}.
 *
 * <p><b>Use</b>: {@link #validate(RowType)} checks the filter against the source's schema; {@link
 * RowPredicate#compile} turns it into an exact row predicate; {@link FilterPredicates#forFile}
 * turns it into a conservative parquet-java {@code FilterPredicate} for one file, for row-group and
 * page pruning.
 *
 * <p>The subclasses (one per node kind) are part of the API so that the tree can be inspected, with
 * {@link #accept(Visitor)} or {@code instanceof}; new ones cannot be defined outside this package.
 */
@PublicEvolving
public abstract class ParquetFilter implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Pattern SIMPLE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Only this package defines node kinds. */
    ParquetFilter() {}

    // ------------------------------------------------------------------------------------------
    // The model
    // ------------------------------------------------------------------------------------------

    /** A comparison operator. */
    @PublicEvolving
    public enum Operator {
        EQ("="),
        NOT_EQ("<>"),
        LT("<"),
        LT_EQ("<="),
        GT(">"),
        GT_EQ(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** The SQL symbol: {@code =, <>, <, <=, >, >=}. */
        public String symbol() {
            return symbol;
        }

        /**
         * The operator that is TRUE exactly when this one is FALSE (and UNKNOWN when this one is):
         * {@code NOT (x < v)} is {@code x >= v}. This holds because the literal order is total (see
         * {@link FilterValue}).
         */
        public Operator negate() {
            switch (this) {
                case EQ:
                    return NOT_EQ;
                case NOT_EQ:
                    return EQ;
                case LT:
                    return GT_EQ;
                case LT_EQ:
                    return GT;
                case GT:
                    return LT_EQ;
                case GT_EQ:
                    return LT;
                default:
                    throw new IllegalStateException("Unknown operator " + this);
            }
        }
    }

    /** Visits the node kinds of a filter tree. */
    @PublicEvolving
    public interface Visitor<R> {
        R visit(Comparison comparison);

        R visit(Between between);

        R visit(In in);

        R visit(And and);

        R visit(Or or);

        R visit(Not not);

        R visit(IsNull isNull);

        R visit(IsNotNull isNotNull);
    }

    /** Calls the visitor's method for this node's kind. */
    public abstract <R> R accept(Visitor<R> visitor);

    /** The names of the columns this filter reads, in the order they first appear. */
    public Set<String> referencedColumns() {
        Set<String> columns = new LinkedHashSet<>();
        collectColumns(columns);
        return Collections.unmodifiableSet(columns);
    }

    abstract void collectColumns(Set<String> columns);

    /**
     * Checks this filter against the source's row type: every column must exist, and every literal
     * must fit its column's type (see {@link FilterValue} for which kinds fit which types). {@code
     * IS NULL} and {@code IS NOT NULL} accept columns of any type.
     *
     * @throws IllegalArgumentException naming the column and both types, if a column does not exist
     *     or a literal cannot be compared with its column
     */
    public void validate(RowType rowType) {
        checkNotNull(rowType, "The row type to validate against must not be null");
        FilterTypes.validate(this, rowType);
    }

    /** SQL-like text of the filter, e.g. {@code (price >= 10.0 AND symbol = 'AAPL')}. */
    @Override
    public abstract String toString();

    // ------------------------------------------------------------------------------------------
    // Factories: comparisons
    // ------------------------------------------------------------------------------------------

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, FilterValue value) {
        return new Comparison(column, Operator.EQ, value);
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, long value) {
        return eq(column, FilterValue.int64(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, int value) {
        return eq(column, FilterValue.int64(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, double value) {
        return eq(column, FilterValue.float64(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, String value) {
        return eq(column, FilterValue.utf8(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, boolean value) {
        return eq(column, FilterValue.bool(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, LocalDate value) {
        return eq(column, FilterValue.date(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, LocalDateTime value) {
        return eq(column, FilterValue.timestamp(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, Instant value) {
        return eq(column, FilterValue.timestamp(value));
    }

    /** {@code column = value}. */
    public static ParquetFilter eq(String column, BigDecimal value) {
        return eq(column, FilterValue.decimal(value));
    }

    /** {@code column <> value} (UNKNOWN, so not passing, when the column is NULL). */
    public static ParquetFilter notEq(String column, FilterValue value) {
        return new Comparison(column, Operator.NOT_EQ, value);
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, long value) {
        return notEq(column, FilterValue.int64(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, int value) {
        return notEq(column, FilterValue.int64(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, double value) {
        return notEq(column, FilterValue.float64(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, String value) {
        return notEq(column, FilterValue.utf8(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, boolean value) {
        return notEq(column, FilterValue.bool(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, LocalDate value) {
        return notEq(column, FilterValue.date(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, LocalDateTime value) {
        return notEq(column, FilterValue.timestamp(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, Instant value) {
        return notEq(column, FilterValue.timestamp(value));
    }

    /** {@code column <> value}. */
    public static ParquetFilter notEq(String column, BigDecimal value) {
        return notEq(column, FilterValue.decimal(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, FilterValue value) {
        return new Comparison(column, Operator.GT, value);
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, long value) {
        return gt(column, FilterValue.int64(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, int value) {
        return gt(column, FilterValue.int64(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, double value) {
        return gt(column, FilterValue.float64(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, String value) {
        return gt(column, FilterValue.utf8(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, boolean value) {
        return gt(column, FilterValue.bool(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, LocalDate value) {
        return gt(column, FilterValue.date(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, LocalDateTime value) {
        return gt(column, FilterValue.timestamp(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, Instant value) {
        return gt(column, FilterValue.timestamp(value));
    }

    /** {@code column > value}. */
    public static ParquetFilter gt(String column, BigDecimal value) {
        return gt(column, FilterValue.decimal(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, FilterValue value) {
        return new Comparison(column, Operator.GT_EQ, value);
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, long value) {
        return gte(column, FilterValue.int64(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, int value) {
        return gte(column, FilterValue.int64(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, double value) {
        return gte(column, FilterValue.float64(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, String value) {
        return gte(column, FilterValue.utf8(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, boolean value) {
        return gte(column, FilterValue.bool(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, LocalDate value) {
        return gte(column, FilterValue.date(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, LocalDateTime value) {
        return gte(column, FilterValue.timestamp(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, Instant value) {
        return gte(column, FilterValue.timestamp(value));
    }

    /** {@code column >= value}. */
    public static ParquetFilter gte(String column, BigDecimal value) {
        return gte(column, FilterValue.decimal(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, FilterValue value) {
        return new Comparison(column, Operator.LT, value);
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, long value) {
        return lt(column, FilterValue.int64(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, int value) {
        return lt(column, FilterValue.int64(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, double value) {
        return lt(column, FilterValue.float64(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, String value) {
        return lt(column, FilterValue.utf8(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, boolean value) {
        return lt(column, FilterValue.bool(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, LocalDate value) {
        return lt(column, FilterValue.date(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, LocalDateTime value) {
        return lt(column, FilterValue.timestamp(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, Instant value) {
        return lt(column, FilterValue.timestamp(value));
    }

    /** {@code column < value}. */
    public static ParquetFilter lt(String column, BigDecimal value) {
        return lt(column, FilterValue.decimal(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, FilterValue value) {
        return new Comparison(column, Operator.LT_EQ, value);
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, long value) {
        return lte(column, FilterValue.int64(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, int value) {
        return lte(column, FilterValue.int64(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, double value) {
        return lte(column, FilterValue.float64(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, String value) {
        return lte(column, FilterValue.utf8(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, boolean value) {
        return lte(column, FilterValue.bool(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, LocalDate value) {
        return lte(column, FilterValue.date(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, LocalDateTime value) {
        return lte(column, FilterValue.timestamp(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, Instant value) {
        return lte(column, FilterValue.timestamp(value));
    }

    /** {@code column <= value}. */
    public static ParquetFilter lte(String column, BigDecimal value) {
        return lte(column, FilterValue.decimal(value));
    }

    /** A comparison with any operator. */
    public static ParquetFilter compare(String column, Operator operator, FilterValue value) {
        return new Comparison(column, operator, value);
    }

    // ------------------------------------------------------------------------------------------
    // Factories: BETWEEN, IN, NULL tests
    // ------------------------------------------------------------------------------------------

    /** {@code column BETWEEN lower AND upper}, inclusive at both ends. */
    public static ParquetFilter between(String column, FilterValue lower, FilterValue upper) {
        return new Between(column, lower, upper);
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, long lower, long upper) {
        return between(column, FilterValue.int64(lower), FilterValue.int64(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, double lower, double upper) {
        return between(column, FilterValue.float64(lower), FilterValue.float64(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, String lower, String upper) {
        return between(column, FilterValue.utf8(lower), FilterValue.utf8(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, LocalDate lower, LocalDate upper) {
        return between(column, FilterValue.date(lower), FilterValue.date(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, LocalDateTime lower, LocalDateTime upper) {
        return between(column, FilterValue.timestamp(lower), FilterValue.timestamp(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, Instant lower, Instant upper) {
        return between(column, FilterValue.timestamp(lower), FilterValue.timestamp(upper));
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    public static ParquetFilter between(String column, BigDecimal lower, BigDecimal upper) {
        return between(column, FilterValue.decimal(lower), FilterValue.decimal(upper));
    }

    /** {@code column IN (values...)}; at least one value. */
    public static ParquetFilter in(String column, FilterValue... values) {
        checkNotNull(values, "The values of an IN filter must not be null");
        return in(column, List.of(values));
    }

    /** {@code column IN (values...)}; at least one value. */
    public static ParquetFilter in(String column, Collection<FilterValue> values) {
        return new In(column, values);
    }

    /** {@code column IN (values...)} with INT64 literals. */
    public static ParquetFilter in(String column, long... values) {
        checkNotNull(values, "The values of an IN filter must not be null");
        List<FilterValue> literals = new ArrayList<>(values.length);
        for (long v : values) {
            literals.add(FilterValue.int64(v));
        }
        return in(column, literals);
    }

    /** {@code column IN (values...)} with FLOAT64 literals. */
    public static ParquetFilter in(String column, double... values) {
        checkNotNull(values, "The values of an IN filter must not be null");
        List<FilterValue> literals = new ArrayList<>(values.length);
        for (double v : values) {
            literals.add(FilterValue.float64(v));
        }
        return in(column, literals);
    }

    /** {@code column IN (values...)} with UTF8 literals. */
    public static ParquetFilter in(String column, String... values) {
        checkNotNull(values, "The values of an IN filter must not be null");
        List<FilterValue> literals = new ArrayList<>(values.length);
        for (String v : values) {
            literals.add(FilterValue.utf8(v));
        }
        return in(column, literals);
    }

    /** {@code column IS NULL}: TRUE or FALSE, never UNKNOWN. Accepts columns of any type. */
    public static ParquetFilter isNull(String column) {
        return new IsNull(column);
    }

    /** {@code column IS NOT NULL}: TRUE or FALSE, never UNKNOWN. Accepts columns of any type. */
    public static ParquetFilter isNotNull(String column) {
        return new IsNotNull(column);
    }

    // ------------------------------------------------------------------------------------------
    // Factories: logic
    // ------------------------------------------------------------------------------------------

    /**
     * The conjunction of one or more filters. Nested ANDs are flattened; one filter is returned as
     * it is.
     */
    public static ParquetFilter and(ParquetFilter... filters) {
        checkNotNull(filters, "The filters of an AND must not be null");
        return and(List.of(filters));
    }

    /** The conjunction of one or more filters (see {@link #and(ParquetFilter...)}). */
    public static ParquetFilter and(Collection<? extends ParquetFilter> filters) {
        List<ParquetFilter> flat = flatten(filters, And.class, "AND");
        return flat.size() == 1 ? flat.get(0) : new And(flat);
    }

    /**
     * The disjunction of one or more filters. Nested ORs are flattened; one filter is returned as
     * it is.
     */
    public static ParquetFilter or(ParquetFilter... filters) {
        checkNotNull(filters, "The filters of an OR must not be null");
        return or(List.of(filters));
    }

    /** The disjunction of one or more filters (see {@link #or(ParquetFilter...)}). */
    public static ParquetFilter or(Collection<? extends ParquetFilter> filters) {
        List<ParquetFilter> flat = flatten(filters, Or.class, "OR");
        return flat.size() == 1 ? flat.get(0) : new Or(flat);
    }

    /** The negation of a filter: TRUE when it is FALSE, UNKNOWN when it is UNKNOWN. */
    public static ParquetFilter not(ParquetFilter filter) {
        return new Not(filter);
    }

    private static List<ParquetFilter> flatten(
            Collection<? extends ParquetFilter> filters,
            Class<? extends Junction> kind,
            String name) {
        checkNotNull(filters, "The filters of an " + name + " must not be null");
        checkArgument(!filters.isEmpty(), "An %s needs at least one filter", name);
        List<ParquetFilter> flat = new ArrayList<>();
        for (ParquetFilter f : filters) {
            checkNotNull(f, "The filters of an " + name + " must not be null");
            if (kind.isInstance(f)) {
                flat.addAll(((Junction) f).children());
            } else {
                flat.add(f);
            }
        }
        return flat;
    }

    // ------------------------------------------------------------------------------------------
    // Node kinds
    // ------------------------------------------------------------------------------------------

    /** {@code column <op> value}. */
    @PublicEvolving
    public static final class Comparison extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final String column;
        private final Operator operator;
        private final FilterValue value;

        Comparison(String column, Operator operator, FilterValue value) {
            this.column = checkColumn(column);
            this.operator = checkNotNull(operator, "The operator must not be null");
            this.value = checkNotNull(value, "The literal of a comparison must not be null");
        }

        public String column() {
            return column;
        }

        public Operator operator() {
            return operator;
        }

        public FilterValue value() {
            return value;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            columns.add(column);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Comparison)) {
                return false;
            }
            Comparison that = (Comparison) o;
            return column.equals(that.column)
                    && operator == that.operator
                    && value.equals(that.value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, operator, value);
        }

        @Override
        public String toString() {
            return quote(column) + " " + operator.symbol() + " " + value;
        }
    }

    /** {@code column BETWEEN lower AND upper}, inclusive. */
    @PublicEvolving
    public static final class Between extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final String column;
        private final FilterValue lower;
        private final FilterValue upper;

        Between(String column, FilterValue lower, FilterValue upper) {
            this.column = checkColumn(column);
            this.lower = checkNotNull(lower, "The lower bound of BETWEEN must not be null");
            this.upper = checkNotNull(upper, "The upper bound of BETWEEN must not be null");
        }

        public String column() {
            return column;
        }

        public FilterValue lower() {
            return lower;
        }

        public FilterValue upper() {
            return upper;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            columns.add(column);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Between)) {
                return false;
            }
            Between that = (Between) o;
            return column.equals(that.column)
                    && lower.equals(that.lower)
                    && upper.equals(that.upper);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, lower, upper, Between.class);
        }

        @Override
        public String toString() {
            return quote(column) + " BETWEEN " + lower + " AND " + upper;
        }
    }

    /** {@code column IN (v1, v2, ...)}: the OR of {@code column = vi}. */
    @PublicEvolving
    public static final class In extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final String column;
        private final List<FilterValue> values;

        In(String column, Collection<FilterValue> values) {
            this.column = checkColumn(column);
            checkNotNull(values, "The values of an IN filter must not be null");
            checkArgument(!values.isEmpty(), "An IN filter needs at least one value: %s", column);
            for (FilterValue v : values) {
                checkNotNull(v, "The values of an IN filter must not be null");
            }
            this.values = List.copyOf(values);
        }

        public String column() {
            return column;
        }

        /** The values, in the order given, duplicates kept. */
        public List<FilterValue> values() {
            return values;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            columns.add(column);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof In)) {
                return false;
            }
            In that = (In) o;
            return column.equals(that.column) && values.equals(that.values);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, values, In.class);
        }

        @Override
        public String toString() {
            return quote(column)
                    + " IN ("
                    + values.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + ")";
        }
    }

    /** The base of AND and OR: two or more children. */
    @PublicEvolving
    public abstract static class Junction extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final List<ParquetFilter> children;

        Junction(List<ParquetFilter> children) {
            this.children = List.copyOf(children);
        }

        /** The operands, at least two, none of them of this node's kind. */
        public List<ParquetFilter> children() {
            return children;
        }

        @Override
        void collectColumns(Set<String> columns) {
            for (ParquetFilter child : children) {
                child.collectColumns(columns);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o != null
                    && o.getClass() == getClass()
                    && children.equals(((Junction) o).children);
        }

        @Override
        public int hashCode() {
            return Objects.hash(getClass(), children);
        }

        String join(String keyword) {
            return children.stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(" " + keyword + " ", "(", ")"));
        }
    }

    /** The conjunction of two or more filters. */
    @PublicEvolving
    public static final class And extends Junction {
        private static final long serialVersionUID = 1L;

        And(List<ParquetFilter> children) {
            super(children);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public String toString() {
            return join("AND");
        }
    }

    /** The disjunction of two or more filters. */
    @PublicEvolving
    public static final class Or extends Junction {
        private static final long serialVersionUID = 1L;

        Or(List<ParquetFilter> children) {
            super(children);
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        public String toString() {
            return join("OR");
        }
    }

    /** {@code NOT child}. */
    @PublicEvolving
    public static final class Not extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final ParquetFilter child;

        Not(ParquetFilter child) {
            this.child = checkNotNull(child, "The filter of a NOT must not be null");
        }

        public ParquetFilter child() {
            return child;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            child.collectColumns(columns);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Not && child.equals(((Not) o).child);
        }

        @Override
        public int hashCode() {
            return Objects.hash(child, Not.class);
        }

        @Override
        public String toString() {
            String inner = child.toString();
            return child instanceof Junction ? "NOT " + inner : "NOT (" + inner + ")";
        }
    }

    /** {@code column IS NULL}. */
    @PublicEvolving
    public static final class IsNull extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final String column;

        IsNull(String column) {
            this.column = checkColumn(column);
        }

        public String column() {
            return column;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            columns.add(column);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IsNull && column.equals(((IsNull) o).column);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, IsNull.class);
        }

        @Override
        public String toString() {
            return quote(column) + " IS NULL";
        }
    }

    /** {@code column IS NOT NULL}. */
    @PublicEvolving
    public static final class IsNotNull extends ParquetFilter {
        private static final long serialVersionUID = 1L;

        private final String column;

        IsNotNull(String column) {
            this.column = checkColumn(column);
        }

        public String column() {
            return column;
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.visit(this);
        }

        @Override
        void collectColumns(Set<String> columns) {
            columns.add(column);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IsNotNull && column.equals(((IsNotNull) o).column);
        }

        @Override
        public int hashCode() {
            return Objects.hash(column, IsNotNull.class);
        }

        @Override
        public String toString() {
            return quote(column) + " IS NOT NULL";
        }
    }

    private static String checkColumn(String column) {
        checkNotNull(column, "The column name of a filter must not be null");
        checkArgument(!column.isEmpty(), "The column name of a filter must not be empty");
        return column;
    }

    /** The column name as is when it is a simple identifier, else in backquotes. */
    static String quote(String column) {
        if (SIMPLE_IDENTIFIER.matcher(column).matches()) {
            return column;
        }
        return "`" + column.replace("`", "``") + "`";
    }
}
