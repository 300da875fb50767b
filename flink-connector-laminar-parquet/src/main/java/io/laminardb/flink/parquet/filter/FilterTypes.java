package io.laminardb.flink.parquet.filter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import java.util.List;

/**
 * Which literal kinds can be compared with which Flink types, and the checks of a filter against a
 * row type. The rules are documented on {@link FilterValue}.
 */
@Internal
final class FilterTypes {

    private FilterTypes() {}

    /** Whether a literal of this kind can be compared with a column of this type. */
    static boolean fits(FilterValue.Kind kind, LogicalType type) {
        LogicalTypeRoot root = type.getTypeRoot();
        switch (kind) {
            case INT64:
            case FLOAT64:
            case DECIMAL:
                return isNumeric(root);
            case UTF8:
                return root == LogicalTypeRoot.CHAR || root == LogicalTypeRoot.VARCHAR;
            case BOOL:
                return root == LogicalTypeRoot.BOOLEAN;
            case DATE:
                return root == LogicalTypeRoot.DATE
                        || root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE;
            case TIMESTAMP:
                return root == LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                        || root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            default:
                return false;
        }
    }

    static boolean isNumeric(LogicalTypeRoot root) {
        switch (root) {
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
                return true;
            default:
                return false;
        }
    }

    private static String fittingTypes(FilterValue.Kind kind) {
        switch (kind) {
            case INT64:
            case FLOAT64:
            case DECIMAL:
                return "TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE and DECIMAL";
            case UTF8:
                return "CHAR and VARCHAR";
            case BOOL:
                return "BOOLEAN";
            case DATE:
                return "DATE and TIMESTAMP (a TIMESTAMP_LTZ column needs a timestamp literal)";
            case TIMESTAMP:
                return "TIMESTAMP and TIMESTAMP_LTZ";
            default:
                return "no type";
        }
    }

    /** The position of a column in the row type. */
    static int fieldIndex(RowType rowType, String column, ParquetFilter context) {
        int index = rowType.getFieldIndex(column);
        if (index >= 0) {
            return index;
        }
        List<String> names = rowType.getFieldNames();
        StringBuilder message =
                new StringBuilder("Filter column '")
                        .append(column)
                        .append("' does not exist in the source schema: ")
                        .append(context)
                        .append("; the columns are ")
                        .append(names);
        for (String name : names) {
            if (name.equalsIgnoreCase(column)) {
                message.append(" (column names are case-sensitive: did you mean '")
                        .append(name)
                        .append("'?)");
                break;
            }
        }
        throw new IllegalArgumentException(message.toString());
    }

    /** Checks that a literal can be compared with a column of the given type. */
    static void checkComparable(
            String column, LogicalType type, FilterValue value, ParquetFilter context) {
        if (!fits(value.kind(), type)) {
            throw new IllegalArgumentException(
                    "Filter literal "
                            + value
                            + " ("
                            + value.kind().name().toLowerCase()
                            + ") cannot be compared with column '"
                            + column
                            + "' of type "
                            + type.asSummaryString()
                            + " in "
                            + context
                            + ": "
                            + value.kind().name().toLowerCase()
                            + " literals fit "
                            + fittingTypes(value.kind())
                            + " columns");
        }
    }

    /** Checks every column and literal of the filter against the row type. */
    static void validate(ParquetFilter filter, RowType rowType) {
        filter.accept(new Validator(rowType));
    }

    private static final class Validator implements ParquetFilter.Visitor<Void> {
        private final RowType rowType;

        Validator(RowType rowType) {
            this.rowType = rowType;
        }

        private LogicalType type(String column, ParquetFilter context) {
            return rowType.getTypeAt(fieldIndex(rowType, column, context));
        }

        @Override
        public Void visit(ParquetFilter.Comparison c) {
            checkComparable(c.column(), type(c.column(), c), c.value(), c);
            return null;
        }

        @Override
        public Void visit(ParquetFilter.Between b) {
            LogicalType type = type(b.column(), b);
            checkComparable(b.column(), type, b.lower(), b);
            checkComparable(b.column(), type, b.upper(), b);
            return null;
        }

        @Override
        public Void visit(ParquetFilter.In in) {
            LogicalType type = type(in.column(), in);
            for (FilterValue v : in.values()) {
                checkComparable(in.column(), type, v, in);
            }
            return null;
        }

        @Override
        public Void visit(ParquetFilter.And and) {
            and.children().forEach(c -> c.accept(this));
            return null;
        }

        @Override
        public Void visit(ParquetFilter.Or or) {
            or.children().forEach(c -> c.accept(this));
            return null;
        }

        @Override
        public Void visit(ParquetFilter.Not not) {
            return not.child().accept(this);
        }

        @Override
        public Void visit(ParquetFilter.IsNull isNull) {
            type(isNull.column(), isNull);
            return null;
        }

        @Override
        public Void visit(ParquetFilter.IsNotNull isNotNull) {
            type(isNotNull.column(), isNotNull);
            return null;
        }
    }
}
