package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.reader.RecordConverter;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A projection with nested fields ({@code SELECT s.a, s.b.c FROM t}): which top-level columns to
 * read, each narrowed to the nested fields asked for (so the reader fetches only those leaves), and
 * the converter that lays the asked fields out flat, as the planner expects.
 */
@Internal
final class NestedProjection {

    /** The top-level columns to read, each {@code ROW} narrowed to what the paths need. */
    final List<RowType.RowField> readFields;

    /** Per produced field, its path through {@link #readFields}. */
    final int[][] readPaths;

    private NestedProjection(List<RowType.RowField> readFields, int[][] readPaths) {
        this.readFields = readFields;
        this.readPaths = readPaths;
    }

    /** Whether any path goes below a top-level column. */
    static boolean isNested(int[][] paths) {
        for (int[] path : paths) {
            if (path.length > 1) {
                return true;
            }
        }
        return false;
    }

    /** Plans reading {@code paths} (indexes into {@code schema}'s fields, then nested fields). */
    static NestedProjection of(RowType schema, int[][] paths) {
        Map<Integer, Node> roots = new LinkedHashMap<>();
        for (int[] path : paths) {
            Node node = roots.computeIfAbsent(path[0], i -> new Node());
            for (int d = 1; d < path.length && !node.whole; d++) {
                node = node.child(path[d]);
            }
            node.whole = true;
        }
        List<RowType.RowField> readFields = new ArrayList<>();
        List<Integer> rootOrder = new ArrayList<>(roots.keySet());
        for (int root : rootOrder) {
            RowType.RowField field = schema.getFields().get(root);
            readFields.add(
                    new RowType.RowField(field.getName(), roots.get(root).narrow(field.getType())));
        }
        int[][] readPaths = new int[paths.length][];
        for (int p = 0; p < paths.length; p++) {
            int[] path = paths[p];
            readPaths[p] = new int[path.length];
            readPaths[p][0] = rootOrder.indexOf(path[0]);
            Node node = roots.get(path[0]);
            for (int d = 1; d < path.length; d++) {
                readPaths[p][d] = node.narrowedIndex(path[d]);
                node = node.next(path[d]);
            }
        }
        return new NestedProjection(readFields, readPaths);
    }

    /**
     * The converter from rows of {@link #readFields} (followed by any metadata columns) to the flat
     * produced rows: one field per path, then the metadata columns as they are.
     */
    RecordConverter<RowData> converter(RowType producedType) {
        return new Converter(new RowType(readFields), readPaths, producedType);
    }

    /** The nested fields asked of one column; all of it when {@code whole}. */
    private static final class Node {
        boolean whole;
        final Map<Integer, Node> children = new LinkedHashMap<>();

        Node child(int index) {
            return children.computeIfAbsent(index, i -> new Node());
        }

        /** The node of a nested field on a path (a whole node's fields are whole). */
        Node next(int index) {
            return whole ? this : children.get(index);
        }

        /** The position of a kept nested field in the narrowed type (original order kept). */
        int narrowedIndex(int index) {
            if (whole) {
                return index;
            }
            int position = 0;
            for (int kept : children.keySet()) {
                if (kept < index) {
                    position++;
                }
            }
            return position;
        }

        LogicalType narrow(LogicalType type) {
            if (whole) {
                return type;
            }
            RowType row = (RowType) type;
            List<RowType.RowField> fields = new ArrayList<>();
            for (int i = 0; i < row.getFieldCount(); i++) {
                Node child = children.get(i);
                if (child != null) {
                    RowType.RowField field = row.getFields().get(i);
                    fields.add(
                            new RowType.RowField(field.getName(), child.narrow(field.getType())));
                }
            }
            return new RowType(row.isNullable(), fields);
        }
    }

    /** Copies each path's value into a flat row; NULL where a struct on the way is NULL. */
    private static final class Converter implements RecordConverter<RowData> {
        private static final long serialVersionUID = 1L;

        private final int[][] paths;
        private final int[][] arities;
        private final RowData.FieldGetter[] leaves;
        private final RowData.FieldGetter[] trailing;
        private final RowType producedType;

        Converter(RowType readType, int[][] paths, RowType producedType) {
            this.paths = paths;
            this.producedType = producedType;
            this.trailing = new RowData.FieldGetter[producedType.getFieldCount() - paths.length];
            for (int i = 0; i < trailing.length; i++) {
                trailing[i] =
                        RowData.createFieldGetter(
                                producedType.getTypeAt(paths.length + i),
                                readType.getFieldCount() + i);
            }
            this.arities = new int[paths.length][];
            this.leaves = new RowData.FieldGetter[paths.length];
            for (int p = 0; p < paths.length; p++) {
                int[] path = paths[p];
                arities[p] = new int[path.length];
                LogicalType type = readType;
                for (int d = 0; d < path.length; d++) {
                    RowType row = (RowType) type;
                    type = row.getTypeAt(path[d]);
                    if (type instanceof RowType) {
                        arities[p][d] = ((RowType) type).getFieldCount();
                    }
                }
                leaves[p] = RowData.createFieldGetter(type, path[path.length - 1]);
            }
        }

        @Override
        public TypeInformation<RowData> producedType(RowType rowType) {
            return InternalTypeInfo.of(producedType);
        }

        @Override
        public RowData convert(RowData row) {
            GenericRowData out =
                    new GenericRowData(row.getRowKind(), paths.length + trailing.length);
            for (int p = 0; p < paths.length; p++) {
                int[] path = paths[p];
                RowData current = row;
                for (int d = 0; d < path.length - 1 && current != null; d++) {
                    current =
                            current.isNullAt(path[d])
                                    ? null
                                    : current.getRow(path[d], arities[p][d]);
                }
                out.setField(p, current == null ? null : leaves[p].getFieldOrNull(current));
            }
            for (int i = 0; i < trailing.length; i++) {
                out.setField(paths.length + i, trailing[i].getFieldOrNull(row));
            }
            return out;
        }

        /** Strings point into the batch; {@code RowDataSerializer} copies them with the row. */
        @Override
        public boolean allowsBatchReuse() {
            return true;
        }
    }
}
