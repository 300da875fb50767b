package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.fs.ParquetReadOptionsFactory;
import io.laminardb.flink.parquet.partition.PartitionDeclarations;
import io.laminardb.flink.parquet.schema.EventTimeColumn;
import io.laminardb.flink.parquet.source.ParquetSourceConfig;
import io.laminardb.flink.parquet.source.ParquetSourceOptions;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogTable;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
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

    /** {@code path}: the one list of options is {@link ParquetSourceConfig}'s. */
    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return ParquetSourceConfig.requiredOptions();
    }

    /** Every other option of {@link ParquetSourceOptions}; {@code storage.*} keys besides. */
    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return ParquetSourceConfig.optionalOptions();
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
            if (key.startsWith(ParquetSourceOptions.STORAGE_PREFIX)
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

        // Our own parsing and checks first: their messages name the option, the value and what
        // is allowed.
        ParquetSourceConfig config;
        try {
            config = ParquetSourceConfig.fromOptions(options);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new ValidationException(
                    "Invalid options of Parquet table '" + tableName + "': " + e.getMessage());
        }
        FactoryUtil.createTableFactoryHelper(this, context)
                .validateExcept(ParquetSourceOptions.STORAGE_PREFIX);

        RowType physicalType = (RowType) context.getPhysicalRowDataType().getLogicalType();
        List<String> partitionKeys = table.getPartitionKeys();
        checkColumns(tableName, physicalType, partitionKeys, config.columns());
        Map<String, LogicalType> partitionTypes = new LinkedHashMap<>();
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
            partitionTypes.put(key, physicalType.getTypeAt(index));
        }
        try {
            // The rules the source checks again when it is built; here they fail at planning.
            EventTimeColumn.check(physicalType, config.eventTimeColumn());
            PartitionDeclarations.of(partitionTypes).checkPartitioning(config.hivePartitioning());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Parquet table '" + tableName + "': " + e.getMessage(), e);
        }
        try {
            config.storage(); // storage.* keys against the path's scheme; never a value
        } catch (IllegalArgumentException e) {
            throw new ValidationException(
                    "Invalid options of Parquet table '" + tableName + "': " + e.getMessage());
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
}
