package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.table.FilterExpressionTranslator.Translation;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.expressions.CallExpression;
import org.apache.flink.table.expressions.FieldReferenceExpression;
import org.apache.flink.table.expressions.ResolvedExpression;
import org.apache.flink.table.expressions.ValueLiteralExpression;
import org.apache.flink.table.functions.BuiltInFunctionDefinition;
import org.apache.flink.table.functions.BuiltInFunctionDefinitions;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.FloatType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Translation of the planner's expressions into {@link ParquetFilter}s, in particular on FLOAT and
 * DOUBLE columns: the filter must keep every row that Flink's own evaluation of the expression may
 * keep, whichever way Flink's generated code compares (measured with Flink 2.3, see {@link
 * Semantics}).
 */
class FilterExpressionTranslatorTest {

    private static final RowType SCHEMA =
            RowType.of(
                    new LogicalType[] {new DoubleType(), new FloatType(), new BigIntType()},
                    new String[] {"x", "f", "id"});

    private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xFFF8_0000_0000_0000L);

    /** Values of the rows checked (NULL is never kept by a comparison, by Flink or the filter). */
    private static final Double[] NON_NULL_VALUES = {
        -0.0,
        0.0,
        Double.NaN,
        NEGATIVE_NAN,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        1.5,
        -2.5,
        3.0
    };

    /** Literals compared with; zero of both signs. */
    private static final double[] LITERALS = {
        0.0, -0.0, 3.0, 1.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY
    };

    private static final ParquetFilter.Operator[] OPERATORS = ParquetFilter.Operator.values();

    // ------------------------------------------------------------------------------------------
    // Expressions as the planner hands them over
    // ------------------------------------------------------------------------------------------

    private static ResolvedExpression ref(String name) {
        int index = SCHEMA.getFieldIndex(name);
        LogicalType type = SCHEMA.getTypeAt(index);
        DataType dataType =
                type instanceof DoubleType
                        ? DataTypes.DOUBLE()
                        : type instanceof FloatType ? DataTypes.FLOAT() : DataTypes.BIGINT();
        return new FieldReferenceExpression(name, dataType, 0, index);
    }

    private static ResolvedExpression lit(Object value) {
        return new ValueLiteralExpression(value);
    }

    private static ResolvedExpression call(
            BuiltInFunctionDefinition function, ResolvedExpression... args) {
        return CallExpression.permanent(function, List.of(args), DataTypes.BOOLEAN());
    }

    private static BuiltInFunctionDefinition function(ParquetFilter.Operator op) {
        switch (op) {
            case EQ:
                return BuiltInFunctionDefinitions.EQUALS;
            case NOT_EQ:
                return BuiltInFunctionDefinitions.NOT_EQUALS;
            case LT:
                return BuiltInFunctionDefinitions.LESS_THAN;
            case LT_EQ:
                return BuiltInFunctionDefinitions.LESS_THAN_OR_EQUAL;
            case GT:
                return BuiltInFunctionDefinitions.GREATER_THAN;
            default:
                return BuiltInFunctionDefinitions.GREATER_THAN_OR_EQUAL;
        }
    }

    private static ResolvedExpression compare(String column, ParquetFilter.Operator op, Object v) {
        return call(function(op), ref(column), lit(v));
    }

    private static ResolvedExpression not(ResolvedExpression e) {
        return call(BuiltInFunctionDefinitions.NOT, e);
    }

    private static Optional<Translation> translate(ResolvedExpression e) {
        return FilterExpressionTranslator.translate(e, SCHEMA);
    }

    private static ParquetFilter filter(ResolvedExpression e) {
        Translation translation = translate(e).orElseThrow();
        return translation.filter;
    }

    // ------------------------------------------------------------------------------------------
    // Flink's ways of comparing doubles
    // ------------------------------------------------------------------------------------------

    /**
     * How Flink 2.3's generated code compares a DOUBLE with a literal, depending on the form the
     * planner gives the predicate.
     */
    private enum Semantics {
        /** Comparisons and ranges: Java's operators ({@code -0.0 == 0.0}, NaN unordered). */
        PRIMITIVE,
        /**
         * IN, NOT IN, {@code x = a OR x = b}, {@code x <> a AND x <> b}: a {@code DoubleHashSet}
         * lookup by {@link Double#doubleToLongBits} ({@code -0.0} is not {@code 0.0}).
         */
        HASH_SET,
        /** Against DECIMAL literals: the order of {@link Double#compare}. */
        DOUBLE_COMPARE;

        /** Whether {@code x <op> v} holds; null when this form does not compare with op. */
        Boolean holds(double x, ParquetFilter.Operator op, double v) {
            switch (this) {
                case PRIMITIVE:
                    switch (op) {
                        case EQ:
                            return x == v;
                        case NOT_EQ:
                            return x != v;
                        case LT:
                            return x < v;
                        case LT_EQ:
                            return x <= v;
                        case GT:
                            return x > v;
                        default:
                            return x >= v;
                    }
                case HASH_SET:
                    boolean member = Double.doubleToLongBits(x) == Double.doubleToLongBits(v);
                    switch (op) {
                        case EQ:
                            return member;
                        case NOT_EQ:
                            return !member;
                        default:
                            return null;
                    }
                default:
                    // Double.compare's result against 0 with the same operator
                    return PRIMITIVE.holds(Double.compare(x, v), op, 0);
            }
        }
    }

    /** Whether some way of Flink's keeps a non-null x for {@code [NOT] x <op> v}. */
    private static boolean flinkMayKeep(
            double x, ParquetFilter.Operator op, double v, boolean negated) {
        for (Semantics semantics : Semantics.values()) {
            Boolean holds = semantics.holds(x, op, v);
            if (holds != null && holds != negated) {
                return true;
            }
        }
        return false;
    }

    private static GenericRowData row(String column, double value) {
        GenericRowData row = new GenericRowData(3);
        row.setField(
                SCHEMA.getFieldIndex(column), column.equals("f") ? (Object) (float) value : value);
        return row;
    }

    // ------------------------------------------------------------------------------------------
    // Tests
    // ------------------------------------------------------------------------------------------

    @Test
    void floatingComparisonsKeepEveryRowFlinkMayKeep() {
        for (String column : List.of("x", "f")) {
            for (ParquetFilter.Operator op : OPERATORS) {
                for (double v : LITERALS) {
                    for (boolean negated : new boolean[] {false, true}) {
                        ResolvedExpression e = compare(column, op, v);
                        e = negated ? not(e) : e;
                        Translation translation = translate(e).orElseThrow();
                        assertThat(translation.exact).as("%s", e).isFalse();
                        RowPredicate predicate = RowPredicate.compile(translation.filter, SCHEMA);
                        for (Double x : NON_NULL_VALUES) {
                            if (flinkMayKeep(x, op, v, negated)) {
                                assertThat(predicate.test(row(column, x)))
                                        .as(
                                                "%s (as %s) on %s = %s",
                                                e, translation.filter, column, x)
                                        .isTrue();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void inAndBetweenKeepEveryRowFlinkMayKeep() {
        List<double[]> lists =
                List.of(new double[] {0.0, 3.0}, new double[] {-0.0}, new double[] {1.5, -2.5});
        for (double[] list : lists) {
            List<ResolvedExpression> args = new ArrayList<>();
            args.add(ref("x"));
            Arrays.stream(list).forEach(v -> args.add(lit(v)));
            ResolvedExpression in =
                    call(BuiltInFunctionDefinitions.IN, args.toArray(new ResolvedExpression[0]));
            for (boolean negated : new boolean[] {false, true}) {
                ParquetFilter filter = filter(negated ? not(in) : in);
                RowPredicate predicate = RowPredicate.compile(filter, SCHEMA);
                for (Double x : NON_NULL_VALUES) {
                    // NOT IN keeps x when x <> v may hold for every v; IN when x = v may for one
                    boolean mayKeep = negated;
                    for (double v : list) {
                        boolean may = flinkMayKeep(x, ParquetFilter.Operator.EQ, v, negated);
                        mayKeep = negated ? mayKeep && may : mayKeep || may;
                    }
                    if (mayKeep) {
                        assertThat(predicate.test(row("x", x)))
                                .as("%s%s (as %s) on x = %s", negated ? "NOT " : "", in, filter, x)
                                .isTrue();
                    }
                }
            }
        }
        for (double lower : LITERALS) {
            for (double upper : new double[] {0.0, -0.0, 3.0}) {
                ResolvedExpression between =
                        call(BuiltInFunctionDefinitions.BETWEEN, ref("x"), lit(lower), lit(upper));
                for (boolean negated : new boolean[] {false, true}) {
                    ParquetFilter filter = filter(negated ? not(between) : between);
                    RowPredicate predicate = RowPredicate.compile(filter, SCHEMA);
                    for (Double x : NON_NULL_VALUES) {
                        boolean aboveLower =
                                flinkMayKeep(x, ParquetFilter.Operator.GT_EQ, lower, negated);
                        boolean belowUpper =
                                flinkMayKeep(x, ParquetFilter.Operator.LT_EQ, upper, negated);
                        boolean mayKeep =
                                negated ? aboveLower || belowUpper : aboveLower && belowUpper;
                        if (mayKeep) {
                            assertThat(predicate.test(row("x", x)))
                                    .as(
                                            "%s%s (as %s) on x = %s",
                                            negated ? "NOT " : "", between, filter, x)
                                    .isTrue();
                        }
                    }
                }
            }
        }
    }

    /** The widenings, one by one: each keeps the pruning it can. */
    @Test
    void floatingTranslations() {
        // issue 9: NOT IN (0, 3) keeps -0.0, which Flink's hash set does not find
        assertThat(filter(not(call(BuiltInFunctionDefinitions.IN, ref("x"), lit(0), lit(3)))))
                .hasToString("NOT (x IN (3.0))");
        assertThat(
                        filter(
                                call(
                                        BuiltInFunctionDefinitions.AND,
                                        compare("x", ParquetFilter.Operator.NOT_EQ, 0.0),
                                        compare("x", ParquetFilter.Operator.NOT_EQ, 3.0))))
                .hasToString("(x IS NOT NULL AND x <> 3.0)");
        assertThat(filter(call(BuiltInFunctionDefinitions.IN, ref("x"), lit(0), lit(3))))
                .hasToString("x IN (0.0, 3.0)");
        // -0.0 < 0.0 and 0.0 > -0.0 in Double.compare's order
        assertThat(filter(compare("x", ParquetFilter.Operator.LT, 0.0))).hasToString("x <= 0.0");
        assertThat(filter(compare("x", ParquetFilter.Operator.LT, -0.0))).hasToString("x < -0.0");
        assertThat(filter(compare("x", ParquetFilter.Operator.GT, -0.0))).hasToString("x >= -0.0");
        assertThat(filter(compare("x", ParquetFilter.Operator.GT, 0.0))).hasToString("x > 0.0");
        assertThat(filter(compare("x", ParquetFilter.Operator.LT, 3.0))).hasToString("x < 3.0");
        // NaN compares false: NOT (x > 3) is TRUE for it
        assertThat(filter(not(compare("x", ParquetFilter.Operator.GT, 3.0))))
                .hasToString("(x <= 3.0 OR x = NaN)");
        assertThat(filter(not(compare("x", ParquetFilter.Operator.GT_EQ, 0.0))))
                .hasToString("(x <= 0.0 OR x = NaN)");
        assertThat(filter(not(compare("x", ParquetFilter.Operator.LT, 3.0))))
                .hasToString("x >= 3.0");
        // NOT is pushed through AND and OR to the comparisons
        assertThat(
                        filter(
                                not(
                                        call(
                                                BuiltInFunctionDefinitions.AND,
                                                compare("x", ParquetFilter.Operator.GT_EQ, 1.5),
                                                compare("x", ParquetFilter.Operator.LT_EQ, 3.0)))))
                .hasToString("(x < 1.5 OR x = NaN OR x > 3.0)");
        assertThat(
                        filter(
                                not(
                                        call(
                                                BuiltInFunctionDefinitions.BETWEEN,
                                                ref("x"),
                                                lit(0.0),
                                                lit(3.0)))))
                .hasToString("(x <= 0.0 OR x = NaN OR x > 3.0)");
        assertThat(filter(not(call(BuiltInFunctionDefinitions.IS_NULL, ref("x")))))
                .hasToString("x IS NOT NULL");
    }

    /** Flink compares a FLOAT with an integer in float: 16777217 is 16777216f there. */
    @Test
    void integersBeyondTheFloatsAreNotTranslatedForFloatColumns() {
        assertThat(translate(compare("f", ParquetFilter.Operator.GT_EQ, 16777217))).isEmpty();
        assertThat(translate(compare("f", ParquetFilter.Operator.EQ, -16777217L))).isEmpty();
        assertThat(filter(compare("f", ParquetFilter.Operator.GT_EQ, 16777216)))
                .hasToString("f >= 1.6777216E7");
        assertThat(filter(compare("x", ParquetFilter.Operator.GT_EQ, 16777217)))
                .hasToString("x >= 1.6777217E7");
        assertThat(translate(compare("x", ParquetFilter.Operator.GT_EQ, (1L << 53) + 1))).isEmpty();
    }

    /** Other columns are translated exactly, NOT as it comes. */
    @Test
    void otherColumnsAreExactAndNegatedAsAWhole() {
        ResolvedExpression e =
                not(
                        call(
                                BuiltInFunctionDefinitions.AND,
                                compare("id", ParquetFilter.Operator.GT_EQ, 20L),
                                compare("id", ParquetFilter.Operator.LT, 30L)));
        Translation translation = translate(e).orElseThrow();
        assertThat(translation.exact).isTrue();
        assertThat(translation.filter).hasToString("NOT (id >= 20 AND id < 30)");
        // mixed: the FLOAT/DOUBLE part is widened, the other negated as it is
        Translation mixed =
                translate(
                                not(
                                        call(
                                                BuiltInFunctionDefinitions.OR,
                                                compare("id", ParquetFilter.Operator.GT_EQ, 20L),
                                                compare("x", ParquetFilter.Operator.NOT_EQ, 0.0))))
                        .orElseThrow();
        assertThat(mixed.exact).isFalse();
        assertThat(mixed.filter).hasToString("(NOT (id >= 20) AND x = 0.0)");
    }

    /** NaN literals are never translated (and IS NULL is exact on any column). */
    @Test
    void nanLiteralsAreNotTranslated() {
        assertThat(translate(compare("x", ParquetFilter.Operator.EQ, Double.NaN))).isEmpty();
        assertThat(
                        translate(
                                call(
                                        BuiltInFunctionDefinitions.OR,
                                        compare("x", ParquetFilter.Operator.GT, 1.0),
                                        compare("x", ParquetFilter.Operator.LT, Double.NaN))))
                .isEmpty();
        Translation isNull =
                translate(call(BuiltInFunctionDefinitions.IS_NULL, ref("x"))).orElseThrow();
        assertThat(isNull.exact).isTrue();
    }
}
