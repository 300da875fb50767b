package io.laminardb.flink.parquet.partition;

import io.laminardb.flink.parquet.filter.ParquetFilter;
import io.laminardb.flink.parquet.filter.RowPredicate;
import io.laminardb.flink.parquet.fs.DiscoveredFile;

import org.apache.flink.annotation.Internal;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.types.logical.RowType;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Skips whole directories and files by their Hive partition values, before any footer is read: the
 * parts of the filter (top-level AND terms) that read only partition columns are evaluated on the
 * values, and only what they leave TRUE is kept; so are, when a planner chose partitions, only
 * those. A directory on the way down, with only some keys known, is skipped as soon as a term that
 * reads only known keys is not TRUE (or no chosen partition has its known values), so the discovery
 * does not list it. Runs on the enumerator's I/O thread (and the planner's).
 */
@Internal
public final class PartitionPruner implements Serializable {

    private static final long serialVersionUID = 1L;

    private final RowType partitionColumns;
    private final String defaultPartitionName;

    /** The AND terms of the filter that read only partition columns. */
    private final List<ParquetFilter> terms;

    /** Keys of {@link #selectedPartitions}' values. */
    private final List<String> selectedKeys;

    /**
     * The only partitions to read (unescaped values of the keys, null for the default one), or null
     * to read all.
     */
    @Nullable private final Set<List<String>> selectedPartitions;

    /** Per term: its predicate over {@link #partitionColumns}, and the columns it reads. */
    @Nullable private transient RowPredicate[] termPredicates;

    @Nullable private transient int[][] termColumns;

    /** The selected partitions' values of some keys (a bit mask of known keys) only. */
    @Nullable private transient Map<Long, Set<List<String>>> selectedByKnownKeys;

    /** A pruner that keeps every file (no partition columns, no filter). */
    public static PartitionPruner none() {
        return new PartitionPruner(
                new RowType(List.of()), HivePartitions.DEFAULT_PARTITION_NAME, null);
    }

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
        this.terms = filter == null ? List.of() : partitionTerms(filter, partitionColumns);
        this.selectedKeys = List.copyOf(selectedKeys);
        this.selectedPartitions =
                selectedPartitions == null ? null : new HashSet<>(selectedPartitions);
    }

    /** The AND terms of the filter that read only partition columns. */
    static List<ParquetFilter> partitionTerms(ParquetFilter filter, RowType partitionColumns) {
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
        return List.copyOf(terms);
    }

    /** Whether any file can be pruned at all. */
    public boolean prunes() {
        return !terms.isEmpty() || selectedPartitions != null;
    }

    /** Whether the file may hold matching rows. */
    public boolean keep(DiscoveredFile file) {
        return mayHold(file.partitionValues());
    }

    /**
     * Whether files with these partition values (raw, as in directory names) may hold matching
     * rows. With only some keys known (a directory on the way down), false only when those decide
     * already: the discovery then skips the whole directory.
     */
    public boolean mayHold(Map<String, String> rawValues) {
        if (selectedPartitions != null && !maybeSelected(rawValues)) {
            return false;
        }
        if (terms.isEmpty()) {
            return true;
        }
        compileTerms();
        int columns = partitionColumns.getFieldCount();
        GenericRowData values = new GenericRowData(columns);
        boolean[] known = new boolean[columns];
        for (int i = 0; i < columns; i++) {
            String raw = rawValues.get(partitionColumns.getFieldNames().get(i));
            if (raw == null) {
                continue; // not known yet, or not a partitioned file: the reader reports it
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
            known[i] = true;
        }
        for (int t = 0; t < terms.size(); t++) {
            if (allKnown(termColumns[t], known) && !termPredicates[t].test(values)) {
                return false;
            }
        }
        return true;
    }

    private void compileTerms() {
        if (termPredicates != null) {
            return;
        }
        RowPredicate[] predicates = new RowPredicate[terms.size()];
        int[][] columns = new int[terms.size()][];
        for (int t = 0; t < terms.size(); t++) {
            predicates[t] = RowPredicate.compile(terms.get(t), partitionColumns);
            columns[t] =
                    terms.get(t).referencedColumns().stream()
                            .mapToInt(partitionColumns::getFieldIndex)
                            .toArray();
        }
        termColumns = columns;
        termPredicates = predicates;
    }

    private static boolean allKnown(int[] columns, boolean[] known) {
        for (int column : columns) {
            if (!known[column]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a selected partition has the known ones of these values. */
    private boolean maybeSelected(Map<String, String> rawValues) {
        boolean masked = selectedKeys.size() < Long.SIZE;
        long knownKeys = 0;
        List<String> values = new ArrayList<>(selectedKeys.size());
        for (int k = 0; k < selectedKeys.size(); k++) {
            String raw = rawValues.get(selectedKeys.get(k));
            if (raw != null) {
                knownKeys |= masked ? 1L << k : 0;
                values.add(HivePartitions.value(raw, defaultPartitionName));
            }
        }
        if (values.isEmpty()) {
            return true; // nothing known yet, or not a partitioned file: the reader reports it
        }
        if (values.size() == selectedKeys.size()) {
            return selectedPartitions.contains(values);
        }
        if (!masked) {
            return true;
        }
        if (selectedByKnownKeys == null) {
            selectedByKnownKeys = new HashMap<>();
        }
        long mask = knownKeys;
        return selectedByKnownKeys
                .computeIfAbsent(
                        mask,
                        m -> {
                            Set<List<String>> prefixes = new HashSet<>();
                            for (List<String> partition : selectedPartitions) {
                                List<String> known = new ArrayList<>();
                                for (int k = 0; k < partition.size(); k++) {
                                    if ((m & (1L << k)) != 0) {
                                        known.add(partition.get(k));
                                    }
                                }
                                prefixes.add(known);
                            }
                            return prefixes;
                        })
                .contains(values);
    }

    /**
     * What is wrong with a file's partition directories for this source's partition columns, or
     * null when nothing is: a column without a {@code name=value} directory, a value that does not
     * parse as the column's type, or the default partition (NULL) for a NOT NULL column. The
     * message names the file and the column.
     */
    @Nullable
    public String partitionProblem(DiscoveredFile file) {
        Map<String, String> rawValues = file.partitionValues();
        for (int i = 0; i < partitionColumns.getFieldCount(); i++) {
            String name = partitionColumns.getFieldNames().get(i);
            String raw = rawValues.get(name);
            if (raw == null) {
                return "File "
                        + file.path()
                        + " has no directory '"
                        + name
                        + "=...' for partition column '"
                        + name
                        + "'; its partition directories are "
                        + rawValues.keySet();
            }
            Object value;
            try {
                value =
                        HivePartitions.toInternal(
                                HivePartitions.value(raw, defaultPartitionName),
                                partitionColumns.getTypeAt(i));
            } catch (IllegalArgumentException e) {
                return "Partition column '"
                        + name
                        + "' of file "
                        + file.path()
                        + ": "
                        + e.getMessage();
            }
            if (value == null && !partitionColumns.getTypeAt(i).isNullable()) {
                return "Partition column '"
                        + name
                        + "' is NOT NULL, but file "
                        + file.path()
                        + " is in the default partition (NULL)";
            }
        }
        return null;
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
