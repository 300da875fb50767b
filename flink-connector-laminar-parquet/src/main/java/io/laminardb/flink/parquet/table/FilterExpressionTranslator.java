package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.filter.FilterValue;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.schema.TypeWidening;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.functions.FunctionDefinition;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates the filters the planner offers ({@link ResolvedExpression}s) into a {@link
 * ParquetFilter}. Called on the planner's thread during optimization.
 *
 * <p>Translated: {@code =, <>, <, <=, >, >=} between a top-level column and a literal (either
 * side), {@code BETWEEN}, {@code IN}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT},
 * with literals of the column's own family (integers and decimals for integer and decimal columns,
 * integers and FLOAT/DOUBLE values for FLOAT/DOUBLE, strings for VARCHAR, BOOLEAN, DATE, TIMESTAMP,
 * TIMESTAMP_LTZ). A literal that cannot be compared exactly the way Flink compares it (NaN, a long
 * beyond 2^53 against a DOUBLE or beyond 2^24 against a FLOAT, a CHAR column with its padding)
 * leaves the expression untranslated. A {@code CAST} of a column that the planner inserts to
 * compare with a wider literal ({@code CAST(qty AS DECIMAL(11, 1)) > 5.5}) is looked through when
 * it loses no value and keeps the order.
 *
 * <p>A translated expression is <em>exact</em> when the source emits exactly the rows Flink would
 * keep. Predicates on FLOAT/DOUBLE columns are not exact: Flink's generated code compares NaN and
 * -0.0 differently depending on the form of the predicate (see {@link #floating}), so those are
 * translated into a filter that keeps every row any of those forms could keep, pushed for pruning
 * and kept for Flink to evaluate as well.
 */
@Internal
final class FilterExpressionTranslator {

    private static final long MAX_EXACT_DOUBLE_LONG = 1L << 53;

    private static final long MAX_EXACT_FLOAT_LONG = 1L << 24;

    private final RowType schema;
    private boolean exact;

    private FilterExpressionTranslator(RowType schema) {
        this.schema = schema;
    }

    /** A translated filter and whether the source applies it exactly as Flink would. */
    static final class Translation {
        final ParquetFilter filter;
        final boolean exact;

        Translation(ParquetFilter filter, boolean exact) {
            this.filter = filter;
            this.exact = exact;
        }
    }

    /** The translation of one expression over columns of {@code schema}, or empty. */
    static Optional<Translation> translate(ResolvedExpression expression, RowType schema) {
        FilterExpressionTranslator translator = new FilterExpressionTranslator(schema);
        translator.exact = true;
        ParquetFilter filter = translator.convert(expression, false);
        return filter == null
                ? Optional.empty()
                : Optional.of(new Translation(filter, translator.exact));
    }

    /**
     * The filter for the expression, or for its negation when {@code negated}. NOT is pushed
     * through AND and OR down to the comparisons on FLOAT and DOUBLE columns (three-valued logic
     * allows it: {@code NOT (a AND b)} is {@code NOT a OR NOT b}), so that each of those knows
     * whether it has to keep the rows where it may be TRUE or those where it may be FALSE (see
     * {@link #floating}); a subtree without such a column is negated as a whole.
     */
    @Nullable
    private ParquetFilter convert(ResolvedExpression expression, boolean negated) {
        if (!(expression instanceof CallExpression)) {
            return null;
        }
        CallExpression call = (CallExpression) expression;
        if (negated && !readsFloatingColumn(call)) {
            ParquetFilter filter = convert(call, false);
            return filter == null ? null : ParquetFilter.not(filter);
        }
        FunctionDefinition def = call.getFunctionDefinition();
        List<ResolvedExpression> args = call.getResolvedChildren();
        if (def == BuiltInFunctionDefinitions.AND || def == BuiltInFunctionDefinitions.OR) {
            List<ParquetFilter> children = new ArrayList<>();
            for (ResolvedExpression arg : args) {
                ParquetFilter child = convert(arg, negated);
                if (child == null) {
                    return null;
                }
                children.add(child);
            }
            if (children.size() < 2) {
                return null;
            }
            return (def == BuiltInFunctionDefinitions.AND) != negated
                    ? ParquetFilter.and(children)
                    : ParquetFilter.or(children);
        }
        if (def == BuiltInFunctionDefinitions.NOT) {
            return args.size() == 1 ? convert(args.get(0), !negated) : null;
        }
        if (def == BuiltInFunctionDefinitions.IS_NULL
                || def == BuiltInFunctionDefinitions.IS_NOT_NULL) {
            String column = args.size() == 1 ? column(args.get(0)) : null;
            if (column == null) {
                return null;
            }
            return (def == BuiltInFunctionDefinitions.IS_NULL) != negated
                    ? ParquetFilter.isNull(column)
                    : ParquetFilter.isNotNull(column);
        }
        if (def == BuiltInFunctionDefinitions.IN) {
            String column = args.size() >= 2 ? column(args.get(0)) : null;
            if (column == null) {
                return null;
            }
            List<FilterValue> values = new ArrayList<>();
            for (ResolvedExpression arg : args.subList(1, args.size())) {
                FilterValue value = literal(column, arg);
                if (value == null) {
                    return null;
                }
                values.add(value);
            }
            ParquetFilter in = ParquetFilter.in(column, values);
            if (!negated) {
                return in;
            }
            return isFloating(column) ? floatingNotIn(column, values) : ParquetFilter.not(in);
        }
        if (def == BuiltInFunctionDefinitions.BETWEEN) {
            String column = args.size() == 3 ? column(args.get(0)) : null;
            if (column == null) {
                return null;
            }
            FilterValue lower = literal(column, args.get(1));
            FilterValue upper = literal(column, args.get(2));
            if (lower == null || upper == null) {
                return null;
            }
            if (!isFloating(column)) {
                ParquetFilter between = ParquetFilter.between(column, lower, upper);
                return negated ? ParquetFilter.not(between) : between;
            }
            return negated
                    ? ParquetFilter.or(
                            floating(column, ParquetFilter.Operator.GT_EQ, lower, true),
                            floating(column, ParquetFilter.Operator.LT_EQ, upper, true))
                    : ParquetFilter.between(column, lower, upper);
        }
        ParquetFilter.Operator operator = operator(def);
        if (operator == null || args.size() != 2) {
            return null;
        }
        String column = column(args.get(0));
        ResolvedExpression other = args.get(1);
        if (column == null) {
            column = column(args.get(1));
            other = args.get(0);
            operator = flip(operator);
        }
        if (column == null) {
            return null;
        }
        FilterValue value = literal(column, other);
        if (value == null) {
            return null;
        }
        if (isFloating(column)) {
            return floating(column, operator, value, negated);
        }
        ParquetFilter comparison = ParquetFilter.compare(column, operator, value);
        return negated ? ParquetFilter.not(comparison) : comparison;
    }

    /**
     * {@code column <op> value} on a FLOAT or DOUBLE column, or its negation, widened to keep every
     * row that Flink's own evaluation might keep. {@link ParquetFilter} compares with {@code -0.0 =
     * 0.0} and NaN above every number; Flink's generated code compares differently depending on the
     * form the planner gives the predicate:
     *
     * <ul>
     *   <li>a comparison with an integer or floating literal, or a range (BETWEEN, {@code x > a AND
     *       x < b}), uses Java's operators: {@code -0.0 == 0.0}, and every comparison with NaN is
     *       false but {@code <>}, so {@code NOT (x > v)} is TRUE for NaN;
     *   <li>a set of points ({@code IN}, {@code NOT IN}, {@code x = a OR x = b}, {@code x <> a AND
     *       x <> b}, {@code x IS NULL OR x <> a}) is looked up in a hash set of the values' bits,
     *       where {@code -0.0} is not {@code 0.0};
     *   <li>a comparison with a DECIMAL literal orders like {@link Double#compare}: {@code -0.0 <
     *       0.0} and NaN above +Infinity.
     * </ul>
     *
     * <p>The filter's order agrees with all of them except for zeros when {@code value} is zero,
     * and for NaN under a negation: so {@code x <> 0} keeps every non-null value, {@code x < 0.0}
     * becomes {@code x <= 0.0} ({@code -0.0 < 0.0} may hold), {@code x > -0.0} becomes {@code x >=
     * -0.0}, and {@code NOT (x > v)} and {@code NOT (x >= v)} keep NaN. The source then keeps a
     * superset of Flink's rows; Flink evaluates the predicate again (it is never exact).
     */
    private static ParquetFilter floating(
            String column, ParquetFilter.Operator op, FilterValue value, boolean negated) {
        double v = value.asDouble();
        boolean zero = v == 0;
        boolean negativeZero = zero && Double.doubleToRawLongBits(v) != 0;
        ParquetFilter.Operator target = negated ? op.negate() : op;
        ParquetFilter widened;
        if (target == ParquetFilter.Operator.NOT_EQ && zero) {
            widened = ParquetFilter.isNotNull(column);
        } else if (target == ParquetFilter.Operator.LT && zero && !negativeZero) {
            widened = ParquetFilter.compare(column, ParquetFilter.Operator.LT_EQ, value);
        } else if (target == ParquetFilter.Operator.GT && negativeZero) {
            widened = ParquetFilter.compare(column, ParquetFilter.Operator.GT_EQ, value);
        } else {
            widened = ParquetFilter.compare(column, target, value);
        }
        boolean nanToo =
                negated
                        && (target == ParquetFilter.Operator.LT
                                || target == ParquetFilter.Operator.LT_EQ);
        return nanToo ? ParquetFilter.or(widened, ParquetFilter.eq(column, Double.NaN)) : widened;
    }

    /**
     * {@code column NOT IN (values)} on a FLOAT or DOUBLE column: the AND of {@code NOT (column =
     * v)}, each {@link #floating widened}; a zero keeps every non-null value.
     */
    private static ParquetFilter floatingNotIn(String column, List<FilterValue> values) {
        List<FilterValue> nonZero = new ArrayList<>();
        for (FilterValue value : values) {
            if (value.asDouble() != 0) {
                nonZero.add(value);
            }
        }
        return nonZero.isEmpty()
                ? ParquetFilter.isNotNull(column)
                : ParquetFilter.not(ParquetFilter.in(column, nonZero));
    }

    private boolean isFloating(String column) {
        LogicalTypeRoot root = schema.getTypeAt(schema.getFieldIndex(column)).getTypeRoot();
        return root == LogicalTypeRoot.FLOAT || root == LogicalTypeRoot.DOUBLE;
    }

    /** Whether the expression reads a FLOAT or DOUBLE column of the schema. */
    private boolean readsFloatingColumn(ResolvedExpression expression) {
        if (expression instanceof FieldReferenceExpression) {
            String name = ((FieldReferenceExpression) expression).getName();
            return schema.getFieldIndex(name) >= 0 && isFloating(name);
        }
        for (ResolvedExpression child : expression.getResolvedChildren()) {
            if (readsFloatingColumn(child)) {
                return true;
            }
        }
        return false;
    }

    @Nullable
    private static ParquetFilter.Operator operator(FunctionDefinition def) {
        if (def == BuiltInFunctionDefinitions.EQUALS) {
            return ParquetFilter.Operator.EQ;
        } else if (def == BuiltInFunctionDefinitions.NOT_EQUALS) {
            return ParquetFilter.Operator.NOT_EQ;
        } else if (def == BuiltInFunctionDefinitions.GREATER_THAN) {
            return ParquetFilter.Operator.GT;
        } else if (def == BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL) {
            return ParquetFilter.Operator.GT_EQ;
        } else if (def == BuiltInFunctionDefinitions.LESS_THAN) {
            return ParquetFilter.Operator.LT;
        } else if (def == BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL) {
            return ParquetFilter.Operator.LT_EQ;
        }
        return null;
    }

    /** {@code literal op column} as {@code column op' literal}. */
    private static ParquetFilter.Operator flip(ParquetFilter.Operator operator) {
        switch (operator) {
            case GT:
                return ParquetFilter.Operator.LT;
            case GT_EQ:
                return ParquetFilter.Operator.LT_EQ;
            case LT:
                return ParquetFilter.Operator.GT;
            case LT_EQ:
                return ParquetFilter.Operator.GT_EQ;
            default:
                return operator;
        }
    }

    /**
     * The name of the top-level column the expression reads, or null. A {@code CAST} the planner
     * put around the column to compare it with a wider literal is looked through when the cast
     * keeps every value and its order (see {@link #isLosslessCast}): comparing the cast value with
     * the literal is then comparing the column's value with it.
     */
    @Nullable
    private String column(ResolvedExpression expression) {
        if (expression instanceof CallExpression) {
            CallExpression call = (CallExpression) expression;
            if (call.getFunctionDefinition() != BuiltInFunctionDefinitions.CAST
                    || call.getResolvedChildren().isEmpty()) {
                return null;
            }
            String column = column(call.getResolvedChildren().get(0));
            return column != null
                            && isLosslessCast(
                                    schema.getTypeAt(schema.getFieldIndex(column)),
                                    call.getOutputDataType().getLogicalType())
                    ? column
                    : null;
        }
        if (!(expression instanceof FieldReferenceExpression)) {
            return null;
        }
        String name = ((FieldReferenceExpression) expression).getName();
        return schema.getFieldIndex(name) >= 0 ? name : null;
    }

    /**
     * Whether casting {@code from} to {@code to} maps distinct values to distinct values in the
     * same order, for every value: the same type, a widening the reader also reads safely ({@link
     * TypeWidening#isSafeWidening}), or a small integer to a floating-point type that holds it
     * exactly (up to 32 bits to DOUBLE, up to 16 bits to FLOAT).
     */
    static boolean isLosslessCast(LogicalType from, LogicalType to) {
        if (from.copy(true).equals(to.copy(true)) || TypeWidening.isSafeWidening(from, to)) {
            return true;
        }
        LogicalTypeRoot source = from.getTypeRoot();
        boolean smallInteger =
                source == LogicalTypeRoot.TINYINT || source == LogicalTypeRoot.SMALLINT;
        switch (to.getTypeRoot()) {
            case DOUBLE:
                return smallInteger || source == LogicalTypeRoot.INTEGER;
            case FLOAT:
                return smallInteger;
            default:
                return false;
        }
    }

    /** The literal as a value comparable with the column exactly as Flink compares, or null. */
    @Nullable
    private FilterValue literal(String column, ResolvedExpression expression) {
        if (!(expression instanceof ValueLiteralExpression)) {
            return null;
        }
        ValueLiteralExpression literal = (ValueLiteralExpression) expression;
        if (literal.isNull()) {
            return null;
        }
        LogicalType columnType = schema.getTypeAt(schema.getFieldIndex(column));
        LogicalTypeRoot literalRoot = literal.getOutputDataType().getLogicalType().getTypeRoot();
        switch (columnType.getTypeRoot()) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case DECIMAL:
                if (isInteger(literalRoot)) {
                    return literal.getValueAs(Number.class)
                            .map(n -> FilterValue.int64(n.longValue()))
                            .orElse(null);
                }
                if (literalRoot == LogicalTypeRoot.DECIMAL) {
                    return literal.getValueAs(BigDecimal.class)
                            .map(FilterValue::decimal)
                            .orElse(null);
                }
                if ((literalRoot == LogicalTypeRoot.FLOAT || literalRoot == LogicalTypeRoot.DOUBLE)
                        && columnType.getTypeRoot() != LogicalTypeRoot.BIGINT
                        && columnType.getTypeRoot() != LogicalTypeRoot.DECIMAL) {
                    // Flink compares as doubles; every value of these columns is an exact double,
                    // so comparing with the double's exact decimal value is the same comparison.
                    Double d =
                            literal.getValueAs(Number.class).map(Number::doubleValue).orElse(null);
                    return d == null || d.isNaN() || d.isInfinite()
                            ? null
                            : FilterValue.decimal(new BigDecimal(d));
                }
                return null;
            case FLOAT:
            case DOUBLE:
                exact = false;
                if (literalRoot == LogicalTypeRoot.FLOAT || literalRoot == LogicalTypeRoot.DOUBLE) {
                    Double d =
                            literal.getValueAs(Number.class).map(Number::doubleValue).orElse(null);
                    return d == null || d.isNaN() ? null : FilterValue.float64(d);
                }
                if (isInteger(literalRoot)) {
                    // Flink compares in the column's type, rounding the integer to it as Java
                    // does (16777217 against a FLOAT is 16777216f): translated only when exact.
                    long max =
                            columnType.getTypeRoot() == LogicalTypeRoot.FLOAT
                                    ? MAX_EXACT_FLOAT_LONG
                                    : MAX_EXACT_DOUBLE_LONG;
                    Long l = literal.getValueAs(Number.class).map(Number::longValue).orElse(null);
                    return l == null || Math.abs(l) > max ? null : FilterValue.float64(l);
                }
                return null;
            case VARCHAR:
                if (literalRoot == LogicalTypeRoot.CHAR || literalRoot == LogicalTypeRoot.VARCHAR) {
                    return literal.getValueAs(String.class).map(FilterValue::utf8).orElse(null);
                }
                return null;
            case BOOLEAN:
                return literalRoot == LogicalTypeRoot.BOOLEAN
                        ? literal.getValueAs(Boolean.class).map(FilterValue::bool).orElse(null)
                        : null;
            case DATE:
                return literalRoot == LogicalTypeRoot.DATE
                        ? literal.getValueAs(LocalDate.class).map(FilterValue::date).orElse(null)
                        : null;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return literalRoot == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                        ? literal.getValueAs(LocalDateTime.class)
                                .map(FilterValue::timestamp)
                                .orElse(null)
                        : null;
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return literalRoot == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                        ? literal.getValueAs(Instant.class).map(FilterValue::timestamp).orElse(null)
                        : null;
            default:
                return null;
        }
    }

    private static boolean isInteger(LogicalTypeRoot root) {
        return root == LogicalTypeRoot.TINYINT
                || root == LogicalTypeRoot.SMALLINT
                || root == LogicalTypeRoot.INTEGER
                || root == LogicalTypeRoot.BIGINT;
    }
}
