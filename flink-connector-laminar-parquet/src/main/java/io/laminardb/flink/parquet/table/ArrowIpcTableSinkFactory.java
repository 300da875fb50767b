package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.arrow.ArrowTypes;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.RowType;

import java.util.Set;

/**
 * The factory of {@code 'connector' = 'arrow-ipc'} sink tables (registered in {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}): rows written into the table go
 * through the Ring 0 sink into Arrow IPC stream files, exactly once. Runs on the client when a
 * query is planned: checks every option, and that every column has an Arrow type.
 */
@Internal
public final class ArrowIpcTableSinkFactory implements DynamicTableSinkFactory {

    public static final String IDENTIFIER = "arrow-ipc";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ArrowIpcSinkOptions.PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                ArrowIpcSinkOptions.FILE_PREFIX,
                ArrowIpcSinkOptions.BATCH_SIZE,
                ArrowIpcSinkOptions.RING_CAPACITY,
                FactoryUtil.SINK_PARALLELISM);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String path = options.get(ArrowIpcSinkOptions.PATH);
        if (path.isBlank()) {
            throw invalid(ArrowIpcSinkOptions.PATH, path, "must not be empty");
        }
        String prefix = options.get(ArrowIpcSinkOptions.FILE_PREFIX);
        if (prefix.isEmpty() || prefix.startsWith(".") || prefix.contains("/")) {
            throw invalid(
                    ArrowIpcSinkOptions.FILE_PREFIX,
                    prefix,
                    "must not be empty, start with '.' or contain '/'");
        }
        int batchSize = options.get(ArrowIpcSinkOptions.BATCH_SIZE);
        if (batchSize < 1) {
            throw invalid(ArrowIpcSinkOptions.BATCH_SIZE, batchSize, "must be at least 1");
        }
        int ringCapacity = options.get(ArrowIpcSinkOptions.RING_CAPACITY);
        if (ringCapacity < 1) {
            throw invalid(ArrowIpcSinkOptions.RING_CAPACITY, ringCapacity, "must be at least 1");
        }
        Integer parallelism = options.getOptional(FactoryUtil.SINK_PARALLELISM).orElse(null);
        if (parallelism != null && parallelism < 1) {
            throw invalid(FactoryUtil.SINK_PARALLELISM, parallelism, "must be at least 1");
        }
        RowType rowType =
                (RowType)
                        context.getCatalogTable()
                                .getResolvedSchema()
                                .toPhysicalRowDataType()
                                .getLogicalType();
        for (RowType.RowField field : rowType.getFields()) {
            try {
                ArrowTypes.field(field.getName(), field.getType());
            } catch (UnsupportedOperationException e) {
                throw new ValidationException(
                        "Column '"
                                + field.getName()
                                + "' of table "
                                + context.getObjectIdentifier().asSummaryString()
                                + " has type "
                                + field.getType()
                                + ", which has no Arrow mapping: "
                                + e.getMessage(),
                        e);
            }
        }
        return new ArrowIpcDynamicTableSink(
                rowType, path, prefix, batchSize, ringCapacity, parallelism);
    }

    private static ValidationException invalid(
            ConfigOption<?> option, Object value, String problem) {
        return new ValidationException(
                "Invalid value '"
                        + value
                        + "' of option '"
                        + option.key()
                        + "' of an '"
                        + IDENTIFIER
                        + "' table: "
                        + problem);
    }
}
