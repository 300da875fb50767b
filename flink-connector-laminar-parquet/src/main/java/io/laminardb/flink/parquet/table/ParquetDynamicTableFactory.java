package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.fs.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.partition.HivePartitions;
import io.laminardb.flink.parquet.source.ParquetSourceConfig;
import io.laminardb.flink.parquet.source.SourceMode;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The factory of {@code 'connector' = 'parquet'} tables (registered in {@code
 * META-INF/services/org.apache.flink.table.factories.Factory}). Runs on the client when a query is
 * planned: checks every option and builds a {@link ParquetDynamicTableSource}.
 *
 * <p>Error messages name the option, the value and what is allowed; values of {@code storage.*}
 * keys never appear in them.
 */
@Internal
public final class ParquetDynamicTableFactory implements DynamicTableSourceFactory {

    public static final String IDENTIFIER = "parquet";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(ParquetConnectorOptions.PATH);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                ParquetConnectorOptions.MODE,
                ParquetConnectorOptions.POLL_INTERVAL,
                ParquetConnectorOptions.COLUMNS,
                ParquetConnectorOptions.BATCH_SIZE,
                ParquetConnectorOptions.HIVE_PARTITIONING,
                ParquetConnectorOptions.PARALLELISM,
                ParquetConnectorOptions.EVENT_TIME_COLUMN,
                ParquetConnectorOptions.FILE_ORDER);
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        try {
            return createValidatedSource(context);
        } catch (ValidationException e) {
            if (hasSecretFlinkWouldPrint(context.getCatalogTable().getOptions())) {
                // Flink wraps a factory's exception in a message listing every table option and
                // masks only the keys it knows as sensitive. Fail a moment later, still while
                // planning, where nothing adds the options.
                return new RejectedTableSource(e);
            }
            throw e;
        }
    }

    /** Whether a {@code storage.*} secret's key is one Flink's option listing would not mask. */
    private static boolean hasSecretFlinkWouldPrint(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (key.startsWith(ParquetConnectorOptions.STORAGE_PREFIX)
                    && ParquetSourceConfig.isSecretKey(key)
                    && !GlobalConfiguration.isSensitive(key)) {
                return true;
            }
        }
        return false;
    }

    private DynamicTableSource createValidatedSource(Context context) {
        try {
            ParquetReadOptionsFactory.checkHadoopClasses();
        } catch (IllegalStateException e) {
            throw new ValidationException(e.getMessage(), e);
        }
        ResolvedCatalogTable table = context.getCatalogTable();
        String tableName = context.getObjectIdentifier().asSummaryString();
        Map<String, String> options = new LinkedHashMap<>(table.getOptions());
        options.remove(FactoryUtil.CONNECTOR.key());

        // Our own parsing first: its messages name the option, the value and the allowed values.
        ParquetSourceConfig config;
        try {
            config = ParquetSourceConfig.fromOptions(options);
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid options of Parquet table '" + tableName + "': " + e.getMessage());
        }
        FactoryUtil.createTableFactoryHelper(this, context)
                .validateExcept(ParquetConnectorOptions.STORAGE_PREFIX);

        if (config.mode() == SourceMode.CONTINUOUS) {
            throw new ValidationException(
                    "Parquet table '"
                            + tableName
                            + "': mode 'continuous' is not supported yet; use mode 'bounded'"
                            + " (the default)");
        }
        RowType physicalType = (RowType) context.getPhysicalRowDataType().getLogicalType();
        checkEventTimeColumn(tableName, physicalType, config.eventTimeColumn());
        List<String> partitionKeys = table.getPartitionKeys();
        checkColumns(tableName, physicalType, partitionKeys, config.columns());
        if (!partitionKeys.isEmpty() && !config.hivePartitioning()) {
            throw new ValidationException(
                    "Parquet table '"
                            + tableName
                            + "' is PARTITIONED BY "
                            + partitionKeys
                            + ", but 'hive.partitioning' is false. Set it to true (the default)");
        }
        for (String key : partitionKeys) {
            int index = physicalType.getFieldIndex(key);
            if (index < 0) {
                throw new ValidationException(
                        "Parquet table '"
                                + tableName
                                + "': partition column '"
                                + key
                                + "' is not a physical column of the table");
            }
            LogicalType type = physicalType.getTypeAt(index);
            if (!HivePartitions.isSupported(type)) {
                throw new ValidationException(
                        "Parquet table '"
                                + tableName
                                + "': partition column '"
                                + key
                                + "' cannot be of type "
                                + type.asSummaryString()
                                + "; supported: STRING, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT,"
                                + " FLOAT, DOUBLE, DECIMAL, DATE, TIMESTAMP");
            }
        }
        return new ParquetDynamicTableSource(tableName, config, physicalType, partitionKeys);
    }

    /**
     * {@code columns}, next to the declared schema, names the file columns the table reads: each
     * must be a declared column, and each declared column that is neither a partition column nor a
     * metadata column must be listed (a declared column left out is a mistake, not a silent NULL).
     * The planner still reads only what a query needs.
     */
    private static void checkColumns(
            String tableName, RowType type, List<String> partitionKeys, List<String> columns) {
        if (columns == null) {
            return;
        }
        for (String column : columns) {
            if (type.getFieldIndex(column) < 0) {
                throw new ValidationException(
                        "Parquet table '"
                                + tableName
                                + "': option 'columns' lists '"
                                + column
                                + "', which the table does not declare; declared columns: "
                                + type.getFieldNames());
            }
        }
        for (String declared : type.getFieldNames()) {
            if (!partitionKeys.contains(declared) && !columns.contains(declared)) {
                throw new ValidationException(
                        "Parquet table '"
                                + tableName
                                + "': column '"
                                + declared
                                + "' is declared but not listed in option 'columns' "
                                + columns
                                + "; list it, or drop it from the table");
            }
        }
    }

    private static void checkEventTimeColumn(String tableName, RowType type, String column) {
        if (column == null) {
            return;
        }
        int index = type.getFieldIndex(column);
        if (index < 0) {
            throw new ValidationException(
                    "Parquet table '"
                            + tableName
                            + "': unknown event.time.column '"
                            + column
                            + "'; the table's columns are "
                            + type.getFieldNames());
        }
        LogicalTypeRoot root = type.getTypeAt(index).getTypeRoot();
        if (root != LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE
                && root != LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE
                && root != LogicalTypeRoot.BIGINT) {
            throw new ValidationException(
                    "Parquet table '"
                            + tableName
                            + "': event.time.column '"
                            + column
                            + "' is "
                            + type.getTypeAt(index).asSummaryString()
                            + "; it must be TIMESTAMP, TIMESTAMP_LTZ or BIGINT");
        }
    }
}
