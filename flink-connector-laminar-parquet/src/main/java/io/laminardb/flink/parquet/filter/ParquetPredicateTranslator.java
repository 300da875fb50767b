package io.laminardb.flink.parquet.filter;

import io.laminardb.flink.parquet.filter.LiteralBounds.Placement;
import io.laminardb.flink.parquet.filter.LiteralBounds.Resolved;
import io.laminardb.flink.parquet.filter.ParquetFilter.Operator;
import io.laminardb.flink.parquet.schema.ParquetSchemaConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeChecks;

import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.filter2.predicate.Operators;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.ColumnOrder;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import javax.annotation.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates a {@link ParquetFilter} into a parquet-java {@link FilterPredicate} for one file. See
 * {@link FilterPredicates#forFile} for the contract and the list of what is translated.
 *
 * <p>How it stays conservative:
 *
 * <ul>
 *   <li>NOT is pushed down to the leaves first ({@code NOT (a AND b)} = {@code NOT a OR NOT b},
 *       {@code NOT x < v} = {@code x >= v}, {@code NOT x IS NULL} = {@code x IS NOT NULL}), which
 *       holds in three-valued logic because the value order is total. No {@code not(...)} reaches
 *       parquet-java, whose inverse rewriting is two-valued.
 *   <li>An untranslatable leaf makes an AND drop it (the rest still implies the original), and
 *       makes an OR untranslatable.
 *   <li>Each literal is placed exactly in the file column's physical domain ({@link
 *       LiteralBounds}). A comparison that is FALSE for every value (like {@code int_col = 2.5})
 *       becomes a predicate that parquet-java can drop everything with (like {@code x <
 *       Integer.MIN_VALUE}); any predicate is conservative there, since no row matches.
 *   <li>Where parquet-java compares differently from the filter, the predicate is widened or
 *       dropped: equality with a float zero matches both zeros (bloom filters and dictionaries tell
 *       {@code -0.0} and {@code 0.0} apart), equality with a BINARY decimal becomes a range (bloom
 *       filters and dictionaries compare bytes, and one value has several encodings), NaN literals
 *       are never translated.
 *   <li>Where the reader changes the values (a timestamp read at a lower precision than the file's
 *       truncates them), the comparison is translated for the values as read: into the range of
 *       file values whose truncation satisfies it ({@link TruncatedTimestampDomain}).
 * </ul>
 */
@Internal
final class ParquetPredicateTranslator {

    /**
     * Whether parquet-java's filters know about NaN: keep row groups, dictionaries and pages that
     * hold a NaN (counted in {@code nan_count}) when the predicate could match it. parquet-java
     * 1.18 does; releases without a NaN count compare with min/max statistics that leave NaN out,
     * and would drop NaN rows that {@code x > v} matches.
     */
    private static final boolean NAN_AWARE_FILTERS = hasNanCount();

    private static boolean hasNanCount() {
        try {
            org.apache.parquet.column.statistics.Statistics.class.getMethod("getNanCount");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private final MessageType schema;

    /** The types the columns are read as, or null when they are read as their natural types. */
    @Nullable private final RowType declared;

    private final Map<String, Optional<Domain>> domains = new HashMap<>();

    private ParquetPredicateTranslator(MessageType schema, @Nullable RowType declared) {
        this.schema = schema;
        this.declared = declared;
    }

    static Optional<FilterPredicate> translate(
            ParquetFilter filter, MessageType fileSchema, @Nullable RowType declared) {
        Result result =
                new ParquetPredicateTranslator(fileSchema, declared).translate(filter, false);
        return result == null ? Optional.empty() : Optional.of(result.predicate);
    }

    // ------------------------------------------------------------------------------------------
    // Results and their combination
    // ------------------------------------------------------------------------------------------

    /**
     * A translated predicate; {@code never} when the part of the filter it stands for is FALSE for
     * every row (the predicate then only serves to drop as much as possible).
     */
    private static final class Result {
        final FilterPredicate predicate;
        final boolean never;

        private Result(FilterPredicate predicate, boolean never) {
            this.predicate = predicate;
            this.never = never;
        }

        static Result of(FilterPredicate predicate) {
            return new Result(predicate, false);
        }

        static Result never(FilterPredicate predicate) {
            return new Result(predicate, true);
        }
    }

    /** AND: a never-true part decides; untranslatable parts (null) are dropped. */
    @Nullable
    private static Result and(List<Result> parts) {
        FilterPredicate combined = null;
        for (Result part : parts) {
            if (part != null && part.never) {
                return part;
            }
        }
        for (Result part : parts) {
            if (part != null) {
                combined =
                        combined == null ? part.predicate : FilterApi.and(combined, part.predicate);
            }
        }
        return combined == null ? null : Result.of(combined);
    }

    /** OR: untranslatable if any part is; never-true parts are dropped. */
    @Nullable
    private static Result or(List<Result> parts) {
        FilterPredicate combined = null;
        Result never = null;
        for (Result part : parts) {
            if (part == null) {
                return null;
            }
            if (part.never) {
                never = never == null ? part : never;
            } else {
                combined =
                        combined == null ? part.predicate : FilterApi.or(combined, part.predicate);
            }
        }
        return combined == null ? never : Result.of(combined);
    }

    // ------------------------------------------------------------------------------------------
    // The tree, with NOT pushed to the leaves
    // ------------------------------------------------------------------------------------------

    @Nullable
    private Result translate(ParquetFilter filter, boolean negated) {
        if (filter instanceof ParquetFilter.Comparison) {
            ParquetFilter.Comparison c = (ParquetFilter.Comparison) filter;
            Operator op = negated ? c.operator().negate() : c.operator();
            return comparison(c.column(), op, c.value());
        }
        if (filter instanceof ParquetFilter.Between) {
            ParquetFilter.Between b = (ParquetFilter.Between) filter;
            if (negated) {
                return or(
                        Arrays.asList(
                                comparison(b.column(), Operator.LT, b.lower()),
                                comparison(b.column(), Operator.GT, b.upper())));
            }
            return and(
                    Arrays.asList(
                            comparison(b.column(), Operator.GT_EQ, b.lower()),
                            comparison(b.column(), Operator.LT_EQ, b.upper())));
        }
        if (filter instanceof ParquetFilter.In) {
            ParquetFilter.In in = (ParquetFilter.In) filter;
            return negated ? notIn(in.column(), in.values()) : in(in.column(), in.values());
        }
        if (filter instanceof ParquetFilter.And) {
            List<Result> parts = children(((ParquetFilter.And) filter).children(), negated);
            return negated ? or(parts) : and(parts);
        }
        if (filter instanceof ParquetFilter.Or) {
            List<Result> parts = children(((ParquetFilter.Or) filter).children(), negated);
            return negated ? and(parts) : or(parts);
        }
        if (filter instanceof ParquetFilter.Not) {
            return translate(((ParquetFilter.Not) filter).child(), !negated);
        }
        if (filter instanceof ParquetFilter.IsNull) {
            String column = ((ParquetFilter.IsNull) filter).column();
            return negated ? isNotNull(column) : isNull(column);
        }
        if (filter instanceof ParquetFilter.IsNotNull) {
            String column = ((ParquetFilter.IsNotNull) filter).column();
            return negated ? isNull(column) : isNotNull(column);
        }
        throw new IllegalArgumentException("Unknown filter node: " + filter);
    }

    private List<Result> children(List<ParquetFilter> children, boolean negated) {
        List<Result> parts = new ArrayList<>(children.size());
        for (ParquetFilter child : children) {
            parts.add(translate(child, negated));
        }
        return parts;
    }

    @Nullable
    private Result comparison(String column, Operator op, FilterValue value) {
        Domain domain = domain(column);
        if (domain == null || !domain.accepts(value)) {
            return null;
        }
        Placement<? extends Comparable<?>> placement = domain.place(value);
        if (placement == null) {
            return null;
        }
        return domain.resolved(LiteralBounds.resolve(op, placement));
    }

    @Nullable
    private Result in(String column, List<FilterValue> values) {
        Domain domain = domain(column);
        if (domain == null) {
            return null;
        }
        List<Comparable<?>> equal = new ArrayList<>();
        for (FilterValue value : values) {
            if (!domain.accepts(value)) {
                return null;
            }
            Placement<? extends Comparable<?>> placement = domain.place(value);
            if (placement == null) {
                return null;
            }
            Resolved<? extends Comparable<?>> r = LiteralBounds.resolve(Operator.EQ, placement);
            if (r.kind == Resolved.Kind.COMPARE) {
                equal.add(r.value);
            }
        }
        return equal.isEmpty() ? domain.never() : domain.in(equal);
    }

    @Nullable
    private Result notIn(String column, List<FilterValue> values) {
        // NOT IN is the AND of the inequalities: drop what cannot be translated.
        Domain domain = domain(column);
        if (domain == null) {
            return null;
        }
        List<Comparable<?>> notEqual = new ArrayList<>();
        boolean any = false;
        for (FilterValue value : values) {
            if (!domain.accepts(value)) {
                continue;
            }
            Placement<? extends Comparable<?>> placement = domain.place(value);
            if (placement == null) {
                continue;
            }
            any = true;
            Resolved<? extends Comparable<?>> r = LiteralBounds.resolve(Operator.NOT_EQ, placement);
            if (r.kind == Resolved.Kind.COMPARE) {
                notEqual.add(r.value);
            }
        }
        if (!any) {
            return null;
        }
        return notEqual.isEmpty() ? domain.always() : domain.notIn(notEqual);
    }

    @Nullable
    private Result isNull(String column) {
        PrimitiveType type = primitiveColumn(column);
        if (type == null) {
            return null;
        }
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        if (annotation instanceof DecimalLogicalTypeAnnotation
                && (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
                        || type.getPrimitiveTypeName()
                                == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)) {
            // The reader returns NULL for a value beyond the declared precision: IS NULL may be
            // TRUE where the Parquet value is not null.
            return null;
        }
        return Result.of(eq(nullColumn(type), null));
    }

    @Nullable
    private Result isNotNull(String column) {
        PrimitiveType type = primitiveColumn(column);
        if (type == null) {
            return null;
        }
        return Result.of(notEq(nullColumn(type), null));
    }

    // ------------------------------------------------------------------------------------------
    // Columns
    // ------------------------------------------------------------------------------------------

    /** A top-level, non-repeated primitive column of the file, or null. */
    @Nullable
    private PrimitiveType primitiveColumn(String column) {
        // FilterApi parses column paths at dots, so a top-level name with a dot is unreachable.
        if (column.indexOf('.') >= 0 || !schema.containsField(column)) {
            return null;
        }
        Type type = schema.getType(column);
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        return type.asPrimitiveType();
    }

    private static Operators.Column<?> nullColumn(PrimitiveType type) {
        String name = type.getName();
        switch (type.getPrimitiveTypeName()) {
            case INT32:
                return FilterApi.intColumn(name);
            case INT64:
                return FilterApi.longColumn(name);
            case FLOAT:
                return FilterApi.floatColumn(name);
            case DOUBLE:
                return FilterApi.doubleColumn(name);
            case BOOLEAN:
                return FilterApi.booleanColumn(name);
            default: // BINARY, FIXED_LEN_BYTE_ARRAY, INT96
                return FilterApi.binaryColumn(name);
        }
    }

    @Nullable
    private Domain domain(String column) {
        return domains.computeIfAbsent(column, c -> Optional.ofNullable(createDomain(c)))
                .orElse(null);
    }

    @Nullable
    private Domain createDomain(String column) {
        PrimitiveType type = primitiveColumn(column);
        if (type == null) {
            return null;
        }
        LogicalType flinkType;
        try {
            flinkType = ParquetSchemaConverter.toFlinkType(type);
        } catch (RuntimeException e) {
            return null;
        }
        String name = type.getName();
        LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
        switch (type.getPrimitiveTypeName()) {
            case BOOLEAN:
                return expect(type, "BOOLEAN_COMPARATOR") ? new BooleanDomain(name) : null;
            case INT32:
                if (annotation == null
                        || (annotation instanceof IntLogicalTypeAnnotation
                                && ((IntLogicalTypeAnnotation) annotation).isSigned())) {
                    return expect(type, "SIGNED_INT32_COMPARATOR")
                            ? IntegerDomain.int32(name, flinkType, 0)
                            : null;
                }
                if (annotation instanceof IntLogicalTypeAnnotation) {
                    return expect(type, "UNSIGNED_INT32_COMPARATOR")
                            ? IntegerDomain.unsignedInt32(name, flinkType)
                            : null;
                }
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return expect(type, "SIGNED_INT32_COMPARATOR")
                            ? IntegerDomain.int32(
                                    name,
                                    flinkType,
                                    ((DecimalLogicalTypeAnnotation) annotation).getScale())
                            : null;
                }
                if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return expect(type, "SIGNED_INT32_COMPARATOR")
                            ? IntegerDomain.int32(name, flinkType, 0)
                            : null;
                }
                return null; // TIME and anything newer
            case INT64:
                if (annotation == null
                        || (annotation instanceof IntLogicalTypeAnnotation
                                && ((IntLogicalTypeAnnotation) annotation).isSigned())) {
                    return expect(type, "SIGNED_INT64_COMPARATOR")
                            ? IntegerDomain.int64(name, flinkType, 0, 0)
                            : null;
                }
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return expect(type, "SIGNED_INT64_COMPARATOR")
                            ? IntegerDomain.int64(
                                    name,
                                    flinkType,
                                    ((DecimalLogicalTypeAnnotation) annotation).getScale(),
                                    0)
                            : null;
                }
                if (annotation instanceof TimestampLogicalTypeAnnotation) {
                    if (!expect(type, "SIGNED_INT64_COMPARATOR")) {
                        return null;
                    }
                    LogicalType read = declaredType(column);
                    if (read != null
                            && read.getTypeRoot() == flinkType.getTypeRoot()
                            && LogicalTypeChecks.getPrecision(read)
                                    < LogicalTypeChecks.getPrecision(flinkType)) {
                        return new TruncatedTimestampDomain(
                                name,
                                read,
                                LogicalTypeChecks.getPrecision(flinkType),
                                LogicalTypeChecks.getPrecision(read));
                    }
                    long nanosPerUnit;
                    switch (((TimestampLogicalTypeAnnotation) annotation).getUnit()) {
                        case MILLIS:
                            nanosPerUnit = 1_000_000L;
                            break;
                        case MICROS:
                            nanosPerUnit = 1_000L;
                            break;
                        case NANOS:
                            nanosPerUnit = 1L;
                            break;
                        default:
                            return null;
                    }
                    return expect(type, "SIGNED_INT64_COMPARATOR")
                            ? IntegerDomain.int64(name, flinkType, 0, nanosPerUnit)
                            : null;
                }
                return null; // unsigned 64 (DECIMAL(20, 0) in Flink), TIME
            case FLOAT:
            case DOUBLE:
                {
                    if (annotation != null) {
                        return null;
                    }
                    boolean isFloat =
                            type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT;
                    boolean totalOrder =
                            type.columnOrder() != null
                                    && type.columnOrder().getColumnOrderName()
                                            == ColumnOrder.ColumnOrderName.IEEE_754_TOTAL_ORDER;
                    String comparator =
                            (isFloat ? "FLOAT_" : "DOUBLE_")
                                    + (totalOrder ? "IEEE_754_TOTAL_ORDER_" : "")
                                    + "COMPARATOR";
                    return expect(type, comparator)
                            ? new FloatingDomain(name, isFloat, totalOrder)
                            : null;
                }
            case BINARY:
                if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
                    return expect(type, "UNSIGNED_LEXICOGRAPHICAL_BINARY_COMPARATOR")
                            ? new StringDomain(name)
                            : null;
                }
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return expect(type, "BINARY_AS_SIGNED_INTEGER_COMPARATOR")
                            ? IntegerDomain.binaryDecimal(
                                    name, flinkType, (DecimalLogicalTypeAnnotation) annotation)
                            : null;
                }
                return null; // BYTES
            case FIXED_LEN_BYTE_ARRAY:
                if (annotation instanceof DecimalLogicalTypeAnnotation) {
                    return expect(type, "BINARY_AS_SIGNED_INTEGER_COMPARATOR")
                            ? IntegerDomain.fixedDecimal(
                                    name,
                                    flinkType,
                                    (DecimalLogicalTypeAnnotation) annotation,
                                    type.getTypeLength())
                            : null;
                }
                return null; // UUID (a string in Flink, 16 bytes in the file), FLOAT16, BINARY(n)
            default:
                return null; // INT96: no order parquet-java could compare by
        }
    }

    /** The type a column is read as, when declared; null for its natural type. */
    @Nullable
    private LogicalType declaredType(String column) {
        if (declared == null) {
            return null;
        }
        int index = declared.getFieldNames().indexOf(column);
        return index < 0 ? null : declared.getTypeAt(index);
    }

    /** Whether parquet-java orders the column the way the translation assumes. */
    private static boolean expect(PrimitiveType type, String comparatorName) {
        return comparatorName.equals(String.valueOf(type.comparator()));
    }

    // ------------------------------------------------------------------------------------------
    // Domains: a file column's values, and how to compare them in parquet-java
    // ------------------------------------------------------------------------------------------

    private abstract static class Domain {
        final Operators.Column<?> column;

        Domain(Operators.Column<?> column) {
            this.column = column;
        }

        /** Whether a literal of this kind can be compared with the column. */
        abstract boolean accepts(FilterValue value);

        /** Where the literal falls among the column's Parquet values, or null if unknown. */
        @Nullable
        abstract Placement<? extends Comparable<?>> place(FilterValue value);

        /**
         * For a comparison FALSE for every value: a predicate that lets parquet-java drop as much
         * as it can.
         */
        abstract Result never();

        Result always() {
            return Result.of(notEq(column, null));
        }

        @Nullable
        Result resolved(Resolved<? extends Comparable<?>> r) {
            switch (r.kind) {
                case ALWAYS:
                    return always();
                case NEVER:
                    return never();
                default:
                    return compare(r.operator, r.value);
            }
        }

        /** {@code x <op> value} for a Parquet value; null if not translatable. */
        @Nullable
        Result compare(Operator op, Comparable<?> value) {
            return Result.of(ParquetPredicateTranslator.compare(column, op, value));
        }

        /** {@code x IN (values)}, values non-empty. */
        @Nullable
        Result in(List<Comparable<?>> values) {
            Set<Comparable<?>> set = new LinkedHashSet<>(values);
            if (set.size() == 1) {
                return compare(Operator.EQ, set.iterator().next());
            }
            return Result.of(inSet(column, new HashSet<>(set)));
        }

        /** {@code x NOT IN (values)}, values non-empty. */
        Result notIn(List<Comparable<?>> values) {
            Set<Comparable<?>> set = new LinkedHashSet<>(values);
            if (set.size() == 1) {
                return Result.of(notEq(column, set.iterator().next()));
            }
            return Result.of(notInSet(column, new HashSet<>(set)));
        }
    }

    /**
     * Integers of a range: INT32 and INT64 integers, DATE, TIMESTAMP units, and the unscaled values
     * of decimals on INT32, INT64, FIXED_LEN_BYTE_ARRAY and BINARY.
     */
    private static class IntegerDomain extends Domain {
        private final LogicalType flinkType;
        private final BigInteger min;
        private final BigInteger max;

        /** The decimal scale numeric literals are multiplied by. */
        private final int scale;

        /** Nanoseconds per unit for timestamp columns, else 0. */
        private final long nanosPerUnit;

        private final Function<BigInteger, Comparable<?>> toParquet;

        IntegerDomain(
                Operators.Column<?> column,
                LogicalType flinkType,
                BigInteger min,
                BigInteger max,
                int scale,
                long nanosPerUnit,
                Function<BigInteger, Comparable<?>> toParquet) {
            super(column);
            this.flinkType = flinkType;
            this.min = min;
            this.max = max;
            this.scale = scale;
            this.nanosPerUnit = nanosPerUnit;
            this.toParquet = toParquet;
        }

        static IntegerDomain int32(String name, LogicalType flinkType, int scale) {
            return new IntegerDomain(
                    FilterApi.intColumn(name),
                    flinkType,
                    LiteralBounds.INT_MIN,
                    LiteralBounds.INT_MAX,
                    scale,
                    0,
                    BigInteger::intValueExact);
        }

        /** INT(8/16/32, false): parquet-java compares the raw ints unsigned. */
        static IntegerDomain unsignedInt32(String name, LogicalType flinkType) {
            return new IntegerDomain(
                    FilterApi.intColumn(name),
                    flinkType,
                    BigInteger.ZERO,
                    BigInteger.valueOf(0xFFFF_FFFFL),
                    0,
                    0,
                    v -> (int) v.longValueExact());
        }

        static IntegerDomain int64(
                String name, LogicalType flinkType, int scale, long nanosPerUnit) {
            return new IntegerDomain(
                    FilterApi.longColumn(name),
                    flinkType,
                    LiteralBounds.LONG_MIN,
                    LiteralBounds.LONG_MAX,
                    scale,
                    nanosPerUnit,
                    BigInteger::longValueExact);
        }

        /**
         * DECIMAL on FIXED_LEN_BYTE_ARRAY: big-endian two's complement of exactly {@code length}
         * bytes, compared signed by parquet-java. Values beyond the declared precision are read as
         * NULL, so the domain stops at the precision.
         */
        static IntegerDomain fixedDecimal(
                String name,
                LogicalType flinkType,
                DecimalLogicalTypeAnnotation decimal,
                int length) {
            if (length < 1 || length > 64) {
                return null;
            }
            BigInteger bytesMax = BigInteger.ONE.shiftLeft(8 * length - 1).subtract(BigInteger.ONE);
            BigInteger precisionMax = precisionMax(decimal);
            BigInteger max = bytesMax.min(precisionMax);
            return new IntegerDomain(
                    FilterApi.binaryColumn(name),
                    flinkType,
                    max.negate(),
                    max,
                    decimal.getScale(),
                    0,
                    v -> Binary.fromConstantByteArray(signExtend(v, length))) {
                @Override
                Result never() {
                    // Nothing is below the smallest value of `length` bytes.
                    byte[] smallest = new byte[length];
                    smallest[0] = (byte) 0x80;
                    return Result.never(lt(column, Binary.fromConstantByteArray(smallest)));
                }
            };
        }

        /**
         * DECIMAL on BINARY: big-endian two's complement of any length, compared signed by
         * parquet-java with sign extension, so the literal may have any length; but bloom filters
         * and dictionaries compare bytes and one value has many encodings, so equality is a range.
         */
        static IntegerDomain binaryDecimal(
                String name, LogicalType flinkType, DecimalLogicalTypeAnnotation decimal) {
            BigInteger max = precisionMax(decimal);
            return new IntegerDomain(
                    FilterApi.binaryColumn(name),
                    flinkType,
                    max.negate(),
                    max,
                    decimal.getScale(),
                    0,
                    v -> Binary.fromConstantByteArray(v.toByteArray())) {
                @Override
                Result never() {
                    // x < 0 AND x > 0: FALSE for every value, though statistics drop only the
                    // row groups on one side of zero.
                    Binary zero = Binary.fromConstantByteArray(new byte[] {0});
                    return Result.never(FilterApi.and(lt(column, zero), gt(column, zero)));
                }

                @Override
                Result compare(Operator op, Comparable<?> value) {
                    if (op == Operator.EQ) {
                        return Result.of(equalityRange(value));
                    }
                    return super.compare(op, value);
                }

                @Override
                Result in(List<Comparable<?>> values) {
                    FilterPredicate any = null;
                    for (Comparable<?> value : new LinkedHashSet<>(values)) {
                        FilterPredicate eq = equalityRange(value);
                        any = any == null ? eq : FilterApi.or(any, eq);
                    }
                    return Result.of(any);
                }

                private FilterPredicate equalityRange(Comparable<?> value) {
                    return FilterApi.and(gtEq(column, value), ltEq(column, value));
                }
            };
        }

        private static BigInteger precisionMax(DecimalLogicalTypeAnnotation decimal) {
            return BigInteger.TEN.pow(Math.max(1, decimal.getPrecision())).subtract(BigInteger.ONE);
        }

        private static byte[] signExtend(BigInteger value, int length) {
            byte[] minimal = value.toByteArray();
            byte[] out = new byte[length];
            byte pad = value.signum() < 0 ? (byte) 0xFF : 0;
            int offset = length - minimal.length;
            for (int i = 0; i < offset; i++) {
                out[i] = pad;
            }
            System.arraycopy(minimal, 0, out, offset, minimal.length);
            return out;
        }

        @Override
        boolean accepts(FilterValue value) {
            return FilterTypes.fits(value.kind(), flinkType);
        }

        @Override
        Placement<? extends Comparable<?>> place(FilterValue value) {
            Placement<BigInteger> p;
            switch (value.kind()) {
                case INT64:
                case FLOAT64:
                case DECIMAL:
                    p = LiteralBounds.placeInteger(LiteralBounds.real(value), scale, min, max);
                    break;
                case DATE:
                    if (nanosPerUnit == 0) { // a DATE column: days
                        p =
                                LiteralBounds.placeInteger(
                                        BigDecimal.valueOf(value.asDate().toEpochDay()), min, max);
                        break;
                    }
                // else a TIMESTAMP column: the date's midnight
                // fall through
                case TIMESTAMP:
                    if (nanosPerUnit == 0) {
                        return null;
                    }
                    p =
                            LiteralBounds.placeInteger(
                                    LiteralBounds.epochUnits(value, nanosPerUnit), min, max);
                    break;
                default:
                    return null;
            }
            return p.map(toParquet);
        }

        @Override
        Result never() {
            // Nothing is below the smallest value; parquet-java compares INT32 and INT64 as
            // (un)signed by the column's annotation, which `min` follows.
            return Result.never(
                    ParquetPredicateTranslator.compare(column, Operator.LT, toParquet.apply(min)));
        }
    }

    /**
     * An INT64 TIMESTAMP column read at a lower precision than its unit's (TIMESTAMP(3) over
     * MICROS, say): rows hold the truncated values {@code t(v) = floor(v / q) * q} of the file's
     * values {@code v}, q units being one step of the read precision. The literal is placed among
     * the steps {@code k = floor(v / q)} (exactly, however many digits it has), and each comparison
     * of steps becomes a range of file values: {@code k < K} is {@code v < K * q}, {@code k <= K}
     * is {@code v < (K + 1) * q}, {@code k = K} is {@code K * q <= v < (K + 1) * q}, and so on. So
     * {@code ts = '10:00:00.123'} on TIMESTAMP(3) keeps the file values from .123000 to .123999.
     */
    private static final class TruncatedTimestampDomain extends Domain {
        private final LogicalType readType;
        private final long nanosPerStep;
        private final BigInteger unitsPerStep;
        private final BigInteger minStep;
        private final BigInteger maxStep;

        TruncatedTimestampDomain(
                String name, LogicalType readType, int filePrecision, int readPrecision) {
            super(FilterApi.longColumn(name));
            this.readType = readType;
            this.nanosPerStep = BigInteger.TEN.pow(9 - readPrecision).longValueExact();
            this.unitsPerStep = BigInteger.TEN.pow(filePrecision - readPrecision);
            this.minStep = floorDiv(LiteralBounds.LONG_MIN, unitsPerStep);
            this.maxStep = floorDiv(LiteralBounds.LONG_MAX, unitsPerStep);
        }

        private static BigInteger floorDiv(BigInteger a, BigInteger b) {
            BigInteger[] qr = a.divideAndRemainder(b);
            return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }

        @Override
        boolean accepts(FilterValue value) {
            return FilterTypes.fits(value.kind(), readType);
        }

        @Override
        Placement<? extends Comparable<?>> place(FilterValue value) {
            if (value.kind() != FilterValue.Kind.TIMESTAMP
                    && value.kind() != FilterValue.Kind.DATE) {
                return null;
            }
            return LiteralBounds.placeInteger(
                    LiteralBounds.epochUnits(value, nanosPerStep), minStep, maxStep);
        }

        @Override
        Result never() {
            return Result.never(lt(column, Long.MIN_VALUE));
        }

        /** {@code k <op> step}, k being the step of a file value. */
        @Override
        Result compare(Operator op, Comparable<?> value) {
            BigInteger step = (BigInteger) value;
            BigInteger first = step.multiply(unitsPerStep); // the step's first file value
            BigInteger next = step.add(BigInteger.ONE).multiply(unitsPerStep);
            switch (op) {
                case LT:
                    return below(first);
                case LT_EQ:
                    return below(next);
                case GT:
                    return atLeast(next);
                case GT_EQ:
                    return atLeast(first);
                case EQ:
                    return and(Arrays.asList(atLeast(first), below(next)));
                case NOT_EQ:
                    return or(Arrays.asList(below(first), atLeast(next)));
                default:
                    throw new IllegalStateException("Unknown operator " + op);
            }
        }

        @Override
        Result in(List<Comparable<?>> values) {
            List<Result> ranges = new ArrayList<>();
            for (Comparable<?> value : new LinkedHashSet<>(values)) {
                ranges.add(compare(Operator.EQ, value));
            }
            return or(ranges);
        }

        @Override
        Result notIn(List<Comparable<?>> values) {
            // Every value but a few steps: nothing a range could drop.
            return always();
        }

        /** {@code v < bound} for file values v. */
        private Result below(BigInteger bound) {
            if (bound.compareTo(LiteralBounds.LONG_MAX) > 0) {
                return always();
            }
            if (bound.compareTo(LiteralBounds.LONG_MIN) <= 0) {
                return never();
            }
            return Result.of(lt(column, bound.longValueExact()));
        }

        /** {@code v >= bound} for file values v. */
        private Result atLeast(BigInteger bound) {
            if (bound.compareTo(LiteralBounds.LONG_MIN) <= 0) {
                return always();
            }
            if (bound.compareTo(LiteralBounds.LONG_MAX) > 0) {
                return never();
            }
            return Result.of(gtEq(column, bound.longValueExact()));
        }
    }

    /** FLOAT and DOUBLE. */
    private static final class FloatingDomain extends Domain {
        private final boolean isFloat;
        private final boolean totalOrder;

        FloatingDomain(String name, boolean isFloat, boolean totalOrder) {
            super(isFloat ? FilterApi.floatColumn(name) : FilterApi.doubleColumn(name));
            this.isFloat = isFloat;
            this.totalOrder = totalOrder;
        }

        @Override
        boolean accepts(FilterValue value) {
            return value.isNumeric();
        }

        @Override
        Placement<? extends Comparable<?>> place(FilterValue value) {
            LiteralBounds.Real real = LiteralBounds.real(value);
            if (real.isNaN()) {
                // NaN rows would match; parquet-java's NaN handling differs between versions and
                // bloom filters hash NaN payloads.
                return null;
            }
            return isFloat ? LiteralBounds.placeFloat(real) : LiteralBounds.placeDouble(real);
        }

        @Override
        Result never() {
            return Result.never(
                    ParquetPredicateTranslator.compare(
                            column,
                            Operator.LT,
                            // (not a ?: of the two, which would promote the float to double)
                            negativeInfinity()));
        }

        private Comparable<?> negativeInfinity() {
            if (isFloat) {
                return Float.NEGATIVE_INFINITY;
            }
            return Double.NEGATIVE_INFINITY;
        }

        @Override
        Result compare(Operator op, Comparable<?> value) {
            boolean nanMatches = op == Operator.GT || op == Operator.GT_EQ || op == Operator.NOT_EQ;
            if (nanMatches && !NAN_AWARE_FILTERS) {
                return null;
            }
            Result result = compareIgnoringNaN(op, value);
            if (totalOrder && (op == Operator.GT || op == Operator.GT_EQ)) {
                // NaN rows match (NaN is greatest), but the IEEE 754 total order puts NaNs with
                // the sign bit set (the NaN x86 computes) below -Infinity: add them back. Only
                // NaNs are below -Infinity, so statistics, dictionaries and column indexes drop
                // the same as without it (they keep anything holding a NaN).
                return Result.of(
                        FilterApi.or(
                                result.predicate,
                                ParquetPredicateTranslator.compare(
                                        column, Operator.LT, negativeInfinity())));
            }
            return result;
        }

        private Result compareIgnoringNaN(Operator op, Comparable<?> value) {
            double v = ((Number) value).doubleValue();
            if (v != 0) {
                return super.compare(op, value);
            }
            // parquet-java orders -0.0 < 0.0 and bloom filters and dictionaries tell them apart;
            // pick the zero that makes its order agree with -0.0 == 0.0.
            switch (op) {
                case EQ:
                    return in(List.of(value));
                case LT:
                case GT_EQ:
                    return super.compare(op, zero(true));
                case LT_EQ:
                case GT:
                case NOT_EQ:
                    return super.compare(op, zero(false));
                default:
                    throw new IllegalStateException("Unknown operator " + op);
            }
        }

        @Override
        Result in(List<Comparable<?>> values) {
            Set<Comparable<?>> set = new LinkedHashSet<>();
            for (Comparable<?> value : values) {
                if (((Number) value).doubleValue() == 0) {
                    set.add(zero(true));
                    set.add(zero(false));
                } else {
                    set.add(value);
                }
            }
            if (set.size() == 1) {
                return super.compare(Operator.EQ, set.iterator().next());
            }
            return Result.of(inSet(column, new HashSet<>(set)));
        }

        @Override
        Result notIn(List<Comparable<?>> values) {
            return NAN_AWARE_FILTERS ? super.notIn(values) : null;
        }

        private Comparable<?> zero(boolean negative) {
            if (isFloat) {
                return negative ? -0.0f : 0.0f;
            }
            return negative ? -0.0d : 0.0d;
        }
    }

    /** BOOLEAN: parquet-java has only equality, so orders become equalities. */
    private static final class BooleanDomain extends Domain {
        BooleanDomain(String name) {
            super(FilterApi.booleanColumn(name));
        }

        @Override
        boolean accepts(FilterValue value) {
            return value.kind() == FilterValue.Kind.BOOL;
        }

        @Override
        Placement<? extends Comparable<?>> place(FilterValue value) {
            return Placement.exact(value.asBoolean());
        }

        @Override
        Result never() {
            Operators.BooleanColumn c = (Operators.BooleanColumn) column;
            return Result.never(FilterApi.and(FilterApi.eq(c, true), FilterApi.eq(c, false)));
        }

        @Override
        Result compare(Operator op, Comparable<?> value) {
            Operators.BooleanColumn c = (Operators.BooleanColumn) column;
            boolean v = (Boolean) value;
            switch (op) {
                case EQ:
                    return Result.of(FilterApi.eq(c, v));
                case NOT_EQ:
                    return Result.of(FilterApi.notEq(c, v));
                case LT: // false < true
                    return v ? Result.of(FilterApi.eq(c, false)) : never();
                case LT_EQ:
                    return v ? always() : Result.of(FilterApi.eq(c, false));
                case GT:
                    return v ? never() : Result.of(FilterApi.eq(c, true));
                case GT_EQ:
                    return v ? Result.of(FilterApi.eq(c, true)) : always();
                default:
                    throw new IllegalStateException("Unknown operator " + op);
            }
        }

        @Override
        Result in(List<Comparable<?>> values) {
            Set<Comparable<?>> set = new HashSet<>(values);
            return set.size() == 1 ? compare(Operator.EQ, set.iterator().next()) : always();
        }

        @Override
        Result notIn(List<Comparable<?>> values) {
            Set<Comparable<?>> set = new HashSet<>(values);
            return set.size() == 1 ? compare(Operator.NOT_EQ, set.iterator().next()) : never();
        }
    }

    /** STRING, ENUM, JSON on BINARY: UTF-8 bytes, compared unsigned by parquet-java. */
    private static final class StringDomain extends Domain {
        StringDomain(String name) {
            super(FilterApi.binaryColumn(name));
        }

        @Override
        boolean accepts(FilterValue value) {
            return value.kind() == FilterValue.Kind.UTF8;
        }

        @Override
        Placement<? extends Comparable<?>> place(FilterValue value) {
            return Placement.exact(
                    Binary.fromConstantByteArray(
                            value.asString().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        Result never() {
            // Nothing is below the empty string.
            return Result.never(lt(column, Binary.EMPTY));
        }
    }

    // ------------------------------------------------------------------------------------------
    // FilterApi with types known only at run time
    // ------------------------------------------------------------------------------------------

    private static FilterPredicate compare(
            Operators.Column<?> column, Operator op, @Nullable Object value) {
        switch (op) {
            case EQ:
                return eq(column, value);
            case NOT_EQ:
                return notEq(column, value);
            case LT:
                return lt(column, value);
            case LT_EQ:
                return ltEq(column, value);
            case GT:
                return gt(column, value);
            case GT_EQ:
                return gtEq(column, value);
            default:
                throw new IllegalStateException("Unknown operator " + op);
        }
    }

    @SuppressWarnings("unchecked")
    private static <
                    T extends Comparable<T>,
                    C extends Operators.Column<T> & Operators.SupportsEqNotEq>
            FilterPredicate eq(Operators.Column<?> column, @Nullable Object value) {
        return FilterApi.eq((C) column, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <
                    T extends Comparable<T>,
                    C extends Operators.Column<T> & Operators.SupportsEqNotEq>
            FilterPredicate notEq(Operators.Column<?> column, @Nullable Object value) {
        return FilterApi.notEq((C) column, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <
                    T extends Comparable<T>,
                    C extends Operators.Column<T> & Operators.SupportsEqNotEq>
            FilterPredicate inSet(Operators.Column<?> column, Set<?> values) {
        return FilterApi.in((C) column, (Set<T>) values);
    }

    @SuppressWarnings("unchecked")
    private static <
                    T extends Comparable<T>,
                    C extends Operators.Column<T> & Operators.SupportsEqNotEq>
            FilterPredicate notInSet(Operators.Column<?> column, Set<?> values) {
        return FilterApi.notIn((C) column, (Set<T>) values);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
            FilterPredicate lt(Operators.Column<?> column, Object value) {
        return FilterApi.lt((C) column, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
            FilterPredicate ltEq(Operators.Column<?> column, Object value) {
        return FilterApi.ltEq((C) column, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
            FilterPredicate gt(Operators.Column<?> column, Object value) {
        return FilterApi.gt((C) column, (T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Comparable<T>, C extends Operators.Column<T> & Operators.SupportsLtGt>
            FilterPredicate gtEq(Operators.Column<?> column, Object value) {
        return FilterApi.gtEq((C) column, (T) value);
    }
}
