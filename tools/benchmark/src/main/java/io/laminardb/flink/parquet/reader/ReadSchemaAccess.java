package io.laminardb.flink.parquet.reader;

import io.laminardb.flink.parquet.plan.ReadSchema;

import org.apache.flink.core.fs.Path;
import org.apache.flink.table.data.columnar.vector.ColumnVector;

import java.util.Map;

/**
 * Public entry points to {@link ReadSchema}'s package-private per-split and per-batch methods, for
 * the benchmarks in {@code io.laminardb.flink.parquet.benchmark}. It lives in the reader's package
 * (in the benchmark module, not in the connector) and adds one static call, which the JIT inlines.
 */
public final class ReadSchemaAccess {

    private ReadSchemaAccess() {}

    /** Per split: the constant vectors of a file's partition values. */
    public static ColumnVector[] partitionVectors(
            ReadSchema schema, Path path, Map<String, String> rawValues) {
        Object[] values = schema.partitionValues(path, rawValues);
        ColumnVector[] vectors = new ColumnVector[values.length];
        for (int p = 0; p < values.length; p++) {
            vectors[p] = new ConstantColumnVector(values[p]);
        }
        return vectors;
    }

    /** Per batch: the produced columns from the file columns and the partition vectors. */
    public static ColumnVector[] layout(
            ReadSchema schema, ColumnVector[] fileVectors, ColumnVector[] partitionVectors) {
        return schema.layout(fileVectors, partitionVectors);
    }

    /** Per batch, with a filter: the vectors the filter is evaluated on. */
    public static ColumnVector[] readVectors(
            ReadSchema schema, ColumnVector[] fileVectors, ColumnVector[] partitionVectors) {
        return schema.readVectors(fileVectors, partitionVectors);
    }
}
