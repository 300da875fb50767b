package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.fs.FileOrder;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * Everything that configures a source, validated and immutable: where the files are, how they are
 * read and in which order. Built by {@link LaminarParquetSourceBuilder}, or from the same string
 * options the SQL connector takes ({@link #fromOptions}).
 */
@PublicEvolving
public final class ParquetSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default upper bound of the compressed bytes of consecutive row groups grouped in a split. */
    public static final long DEFAULT_TARGET_SPLIT_BYTES = 32L * 1024 * 1024;

    private static final List<ConfigOption<?>> OPTIONS =
            List.of(
                    ParquetSourceOptions.PATH,
                    ParquetSourceOptions.MODE,
                    ParquetSourceOptions.POLL_INTERVAL,
                    ParquetSourceOptions.COLUMNS,
                    ParquetSourceOptions.BATCH_SIZE,
                    ParquetSourceOptions.HIVE_PARTITIONING,
                    ParquetSourceOptions.PARALLELISM,
                    ParquetSourceOptions.EVENT_TIME_COLUMN,
                    ParquetSourceOptions.FILE_ORDER);

    private final String path;
    private final SourceMode mode;
    private final Duration pollInterval;
    @Nullable private final List<String> columns;
    private final int batchSize;
    private final boolean hivePartitioning;
    @Nullable private final Integer parallelism;
    @Nullable private final String eventTimeColumn;
    private final FileOrder fileOrder;
    private final Map<String, String> storageOptions;
    private final long targetSplitBytes;

    ParquetSourceConfig(
            String path,
            SourceMode mode,
            Duration pollInterval,
            @Nullable List<String> columns,
            int batchSize,
            boolean hivePartitioning,
            @Nullable Integer parallelism,
            @Nullable String eventTimeColumn,
            FileOrder fileOrder,
            Map<String, String> storageOptions,
            long targetSplitBytes) {
        checkArgument(
                path != null && !path.trim().isEmpty(),
                "The source needs a path: a Parquet file, a directory or a glob");
        checkArgument(batchSize > 0, "batch.size must be positive, but is %s", batchSize);
        checkArgument(
                parallelism == null || parallelism > 0,
                "parallelism must be positive, but is %s",
                parallelism);
        checkArgument(
                !pollInterval.isNegative() && !pollInterval.isZero(),
                "poll.interval must be positive, but is %s",
                pollInterval);
        checkArgument(targetSplitBytes > 0, "The target split size must be positive");
        if (columns != null) {
            checkArgument(!columns.isEmpty(), "columns, when given, must name at least one column");
            Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (String column : columns) {
                checkArgument(
                        column != null && !column.trim().isEmpty(),
                        "columns must not contain an empty name: %s",
                        columns);
                checkArgument(seen.add(column), "Column '%s' is listed twice in columns", column);
            }
        }
        this.path = path.trim();
        this.mode = checkNotNull(mode);
        this.pollInterval = pollInterval;
        this.columns = columns == null ? null : List.copyOf(columns);
        this.batchSize = batchSize;
        this.hivePartitioning = hivePartitioning;
        this.parallelism = parallelism;
        this.eventTimeColumn = eventTimeColumn;
        this.fileOrder = checkNotNull(fileOrder);
        this.storageOptions = Collections.unmodifiableMap(new LinkedHashMap<>(storageOptions));
        this.targetSplitBytes = targetSplitBytes;
    }

    /**
     * A config from string options, the same keys as the SQL connector's ({@code path}, {@code
     * mode}, {@code poll.interval}, {@code columns}, {@code batch.size}, {@code hive.partitioning},
     * {@code parallelism} / {@code scan.parallelism}, {@code event.time.column}, {@code
     * file.order}, {@code storage.*}). An unknown key, or a value that does not parse, fails with
     * the option, the value and what is allowed.
     */
    public static ParquetSourceConfig fromOptions(Map<String, String> options) {
        Set<String> known = new TreeSet<>();
        for (ConfigOption<?> option : OPTIONS) {
            known.add(option.key());
            option.fallbackKeys().forEach(k -> known.add(k.getKey()));
        }
        for (String key : options.keySet()) {
            if (!known.contains(key) && !key.startsWith(ParquetSourceOptions.STORAGE_PREFIX)) {
                throw new IllegalArgumentException(
                        "Unknown option: '"
                                + key
                                + "'. Expected one of: "
                                + String.join(", ", known)
                                + ", or a key starting with '"
                                + ParquetSourceOptions.STORAGE_PREFIX
                                + "'");
            }
        }
        Configuration conf = Configuration.fromMap(options);
        Map<String, String> storage = new LinkedHashMap<>();
        options.forEach(
                (k, v) -> {
                    if (k.startsWith(ParquetSourceOptions.STORAGE_PREFIX)) {
                        storage.put(k.substring(ParquetSourceOptions.STORAGE_PREFIX.length()), v);
                    }
                });
        String path = conf.get(ParquetSourceOptions.PATH);
        if (path == null) {
            throw new IllegalArgumentException(
                    "Missing required option 'path': a Parquet file, a directory or a glob");
        }
        return new ParquetSourceConfig(
                path,
                parseEnum(options, ParquetSourceOptions.MODE, SourceMode.values()),
                parseDuration(options, ParquetSourceOptions.POLL_INTERVAL),
                parseColumns(options.get(ParquetSourceOptions.COLUMNS.key())),
                parseInt(options, ParquetSourceOptions.BATCH_SIZE, conf),
                parseBoolean(options, ParquetSourceOptions.HIVE_PARTITIONING),
                conf.getOptional(ParquetSourceOptions.PARALLELISM).isPresent()
                        ? parseInt(options, ParquetSourceOptions.PARALLELISM, conf)
                        : null,
                conf.get(ParquetSourceOptions.EVENT_TIME_COLUMN),
                parseEnum(options, ParquetSourceOptions.FILE_ORDER, FileOrder.values()),
                storage,
                DEFAULT_TARGET_SPLIT_BYTES);
    }

    /** A comma-separated list of column names, or null when absent. */
    @Nullable
    private static List<String> parseColumns(@Nullable String raw) {
        if (raw == null) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        for (String column : raw.split(",", -1)) {
            columns.add(column.trim());
        }
        return columns;
    }

    private static <E extends Enum<E>> E parseEnum(
            Map<String, String> options, ConfigOption<E> option, E[] values) {
        String raw = options.get(option.key());
        if (raw == null) {
            return option.defaultValue();
        }
        for (E value : values) {
            if (value.toString().equalsIgnoreCase(raw.trim())
                    || value.name().equalsIgnoreCase(raw.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "Unknown "
                        + option.key()
                        + ": '"
                        + raw
                        + "'. Expected: "
                        + Arrays.stream(values)
                                .map(Object::toString)
                                .collect(Collectors.joining(", ")));
    }

    private static Duration parseDuration(
            Map<String, String> options, ConfigOption<Duration> option) {
        String raw = options.get(option.key());
        if (raw == null) {
            return option.defaultValue();
        }
        try {
            return TimeUtils.parseDuration(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + option.key()
                            + ": '"
                            + raw
                            + "'. Expected a duration such as '10s', '500 ms' or '1 min'");
        }
    }

    private static int parseInt(
            Map<String, String> options, ConfigOption<Integer> option, Configuration conf) {
        String key = option.key();
        String raw = options.get(key);
        if (raw == null) {
            for (var fallback : option.fallbackKeys()) {
                raw = options.get(fallback.getKey());
                if (raw != null) {
                    key = fallback.getKey();
                    break;
                }
            }
        }
        if (raw == null) {
            return option.defaultValue();
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "Invalid " + key + ": '" + raw + "'. Expected a positive integer");
        }
    }

    private static boolean parseBoolean(Map<String, String> options, ConfigOption<Boolean> option) {
        String raw = options.get(option.key());
        if (raw == null) {
            return option.defaultValue();
        }
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(
                        "Invalid " + option.key() + ": '" + raw + "'. Expected: true, false");
        }
    }

    public String path() {
        return path;
    }

    public SourceMode mode() {
        return mode;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** The columns to read, or null for all columns of the schema. */
    @Nullable
    public List<String> columns() {
        return columns;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean hivePartitioning() {
        return hivePartitioning;
    }

    @Nullable
    public Integer parallelism() {
        return parallelism;
    }

    @Nullable
    public String eventTimeColumn() {
        return eventTimeColumn;
    }

    public FileOrder fileOrder() {
        return fileOrder;
    }

    /** Storage settings, keys without the {@code storage.} prefix. */
    public Map<String, String> storageOptions() {
        return storageOptions;
    }

    public long targetSplitBytes() {
        return targetSplitBytes;
    }

    /** Whether a storage option's value is a secret that must never be printed. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret")
                || k.contains("password")
                || k.contains("token")
                || k.contains("credential")
                || k.contains("key");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParquetSourceConfig)) {
            return false;
        }
        ParquetSourceConfig that = (ParquetSourceConfig) o;
        return batchSize == that.batchSize
                && hivePartitioning == that.hivePartitioning
                && targetSplitBytes == that.targetSplitBytes
                && path.equals(that.path)
                && mode == that.mode
                && pollInterval.equals(that.pollInterval)
                && Objects.equals(columns, that.columns)
                && Objects.equals(parallelism, that.parallelism)
                && Objects.equals(eventTimeColumn, that.eventTimeColumn)
                && fileOrder == that.fileOrder
                && storageOptions.equals(that.storageOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, mode, columns, batchSize, fileOrder);
    }

    @Override
    public String toString() {
        List<String> storage = new ArrayList<>();
        storageOptions.forEach((k, v) -> storage.add(k + "=" + (isSecretKey(k) ? "******" : v)));
        return "ParquetSourceConfig{path="
                + path
                + ", mode="
                + mode
                + ", pollInterval="
                + pollInterval
                + ", columns="
                + (columns == null ? "all" : columns)
                + ", batchSize="
                + batchSize
                + ", hivePartitioning="
                + hivePartitioning
                + ", parallelism="
                + parallelism
                + ", eventTimeColumn="
                + eventTimeColumn
                + ", fileOrder="
                + fileOrder
                + ", storage="
                + storage
                + "}";
    }
}
