package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.enumerator.DiscoveredFile;
import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Skips whole files by their Hive partition values, before any footer is read: the parts of the
 * filter (top-level AND terms) that read only partition columns are evaluated on each file's
 * values, and a file is kept only when they are TRUE. Runs on the enumerator's I/O thread.
 */
@Internal
public final class PartitionPruner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType partitionColumns;
    private final String defaultPartitionName;
    @Nullable private final ParquetFilter partitionFilter;
    @Nullable private transient RowPredicate predicate;

    /** Keys of {@link #selectedPartitions}' values. */
    private final List<String> selectedKeys;

    /**
     * The only partitions to read (unescaped values of the keys, null for the default one), or null
     * to read all.
     */
    @Nullable private final Set<List<String>> selectedPartitions;

    public PartitionPruner(
            RowType partitionColumns, String defaultPartitionName, @Nullable ParquetFilter filter) {
        this(partitionColumns, defaultPartitionName, filter, List.of(), null);
    }

    /**
     * Also keeps only the files of the {@code selectedPartitions} (values of {@code selectedKeys},
     * unescaped, null for the default partition), when not null: the partitions a planner kept.
     * Files without a value for a key are kept (the reader reports them).
     */
    public PartitionPruner(
            RowType partitionColumns,
            String defaultPartitionName,
            @Nullable ParquetFilter filter,
            List<String> selectedKeys,
            @Nullable Set<List<String>> selectedPartitions) {
        this.partitionColumns = partitionColumns;
        this.defaultPartitionName = defaultPartitionName;
        this.partitionFilter = filter == null ? null : partitionTerms(filter, partitionColumns);
        this.selectedKeys = List.copyOf(selectedKeys);
        this.selectedPartitions =
                selectedPartitions == null ? null : new HashSet<>(selectedPartitions);
    }

    /** The AND terms of the filter that read only partition columns, or null if there are none. */
    @Nullable
    static ParquetFilter partitionTerms(ParquetFilter filter, RowType partitionColumns) {
        List<ParquetFilter> terms = new ArrayList<>();
        List<ParquetFilter> conjuncts =
                filter instanceof ParquetFilter.And
                        ? ((ParquetFilter.And) filter).children()
                        : List.of(filter);
        for (ParquetFilter term : conjuncts) {
            if (!term.referencedColumns().isEmpty()
                    && partitionColumns.getFieldNames().containsAll(term.referencedColumns())) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            return null;
        }
        return terms.size() == 1 ? terms.get(0) : ParquetFilter.and(terms);
    }

    /** Whether any file can be pruned at all. */
    public boolean prunes() {
        return partitionFilter != null || selectedPartitions != null;
    }

    /** Whether the file may hold matching rows. */
    public boolean keep(DiscoveredFile file) {
        return mayHold(file.partitionValues());
    }

    /**
     * Whether files with these partition values (raw, as in directory names) may hold matching
     * rows. With only some keys known (a directory on the way down), true unless those decide
     * already: the discovery then skips the whole directory.
     */
    public boolean mayHold(Map<String, String> rawValues) {
        if (selectedPartitions != null && !isSelected(rawValues)) {
            return false;
        }
        if (partitionFilter == null) {
            return true;
        }
        if (predicate == null) {
            predicate = RowPredicate.compile(partitionFilter, partitionColumns);
        }
        GenericRowData values = new GenericRowData(partitionColumns.getFieldCount());
        for (int i = 0; i < partitionColumns.getFieldCount(); i++) {
            String name = partitionColumns.getFieldNames().get(i);
            String raw = rawValues.get(name);
            if (raw == null) {
                if (partitionFilter.referencedColumns().contains(name)) {
                    return true; // not known yet, or not a partitioned file
                }
                continue; // the filter does not read it
            }
            try {
                values.setField(
                        i,
                        HivePartitions.toInternal(
                                HivePartitions.value(raw, defaultPartitionName),
                                partitionColumns.getTypeAt(i)));
            } catch (IllegalArgumentException e) {
                return true; // the reader fails on it, naming file and column
            }
        }
        return predicate.test(values);
    }

    private boolean isSelected(Map<String, String> rawValues) {
        List<String> values = new ArrayList<>(selectedKeys.size());
        for (String key : selectedKeys) {
            String raw = rawValues.get(key);
            if (raw == null) {
                return true; // not known yet, or not a partitioned file: the reader reports it
            }
            values.add(HivePartitions.value(raw, defaultPartitionName));
        }
        return selectedPartitions.contains(values);
    }

    /** The files that may hold matching rows, in order. */
    public List<DiscoveredFile> prune(List<DiscoveredFile> files) {
        if (!prunes()) {
            return files;
        }
        List<DiscoveredFile> kept = new ArrayList<>(files.size());
        for (DiscoveredFile file : files) {
            if (keep(file)) {
                kept.add(file);
            }
        }
        return kept;
    }
}
