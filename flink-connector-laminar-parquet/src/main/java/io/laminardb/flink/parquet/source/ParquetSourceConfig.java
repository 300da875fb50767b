package io.laminardb.flink.parquet.source;

import io.laminardb.flink.parquet.enumerator.DiscoverySettings;
import io.laminardb.flink.parquet.fs.CorruptFilePolicy;
import io.laminardb.flink.parquet.fs.FileOrder;
import io.laminardb.flink.parquet.fs.RangeReadSettings;
import io.laminardb.flink.parquet.fs.StorageSettings;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.util.TimeUtils;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * read and in which order. There is one way to make one, {@link Builder#build()}, which checks
 * every rule; the builder is filled by setters ({@link LaminarParquetSourceBuilder} delegates to
 * it) or from the string options of the SQL connector ({@link Builder#options}, {@link
 * #fromOptions}), so a setting fails with the same message either way.
 *
 * <pre>{@code
 * ParquetSourceConfig config =
 *     ParquetSourceConfig.builder()
 *         .path("s3://bucket/trades/")
 *         .batchSize(4096)
 *         .build();
 * // the same as
 * ParquetSourceConfig.fromOptions(Map.of("path", "s3://bucket/trades/", "batch.size", "4096"));
 * }</pre>
 */
@PublicEvolving
public final class ParquetSourceConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Default upper bound of the compressed bytes of consecutive row groups grouped in a split. */
    public static final long DEFAULT_TARGET_SPLIT_BYTES = 32L * 1024 * 1024;

    /** The settle window when none is set is at least this long (and three poll intervals). */
    private static final Duration DEFAULT_MIN_SETTLE_WINDOW = Duration.ofMinutes(10);

    /**
     * Every option a source takes, each with how its string value sets the builder: the one list
     * the SQL factory's required and optional options and {@link Builder#options} come from.
     */
    private static final List<OptionSetter> OPTIONS =
            List.of(
                    OptionSetter.required(ParquetSourceOptions.PATH, (b, key, raw) -> b.path(raw)),
                    new OptionSetter(
                            ParquetSourceOptions.MODE,
                            (b, key, raw) -> b.mode(parseEnum(key, raw, SourceMode.values()))),
                    new OptionSetter(
                            ParquetSourceOptions.POLL_INTERVAL,
                            (b, key, raw) -> b.pollInterval(parseDuration(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.DISCOVERY_SETTLE_WINDOW,
                            (b, key, raw) -> b.settleWindow(parseDuration(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.DISCOVERY_MAX_BACKLOG,
                            (b, key, raw) -> b.maxDiscoveryBacklog(parseInt(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.DISCOVERY_MAX_FAILURES,
                            (b, key, raw) -> b.maxListingFailures(parseInt(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.DISCOVERY_IN_PROGRESS_TIMEOUT,
                            (b, key, raw) -> b.inProgressTimeout(parseDuration(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.CORRUPT_FILES,
                            (b, key, raw) ->
                                    b.corruptFiles(
                                            parseEnum(key, raw, CorruptFilePolicy.values()))),
                    new OptionSetter(
                            ParquetSourceOptions.COLUMNS,
                            (b, key, raw) -> b.columns(parseColumns(raw))),
                    new OptionSetter(
                            ParquetSourceOptions.BATCH_SIZE,
                            (b, key, raw) -> b.batchSize(parseInt(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.READ_COALESCE_GAP,
                            (b, key, raw) -> b.readCoalesceGap(parseMemorySize(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.READ_PREFETCH_MAX_BYTES,
                            (b, key, raw) -> b.readPrefetchMaxBytes(parseMemorySize(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.HIVE_PARTITIONING,
                            (b, key, raw) -> b.hivePartitioning(parseBoolean(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.PARALLELISM,
                            (b, key, raw) -> b.parallelism(key, parseInt(key, raw))),
                    new OptionSetter(
                            ParquetSourceOptions.EVENT_TIME_COLUMN,
                            (b, key, raw) -> b.eventTimeColumn(raw)),
                    new OptionSetter(
                            ParquetSourceOptions.FILE_ORDER,
                            (b, key, raw) -> b.fileOrder(parseEnum(key, raw, FileOrder.values()))));

    private final String path;
    private final SourceMode mode;
    private final Duration pollInterval;
    @Nullable private final Duration settleWindow;
    private final int maxDiscoveryBacklog;
    private final int maxListingFailures;
    private final Duration inProgressTimeout;
    private final CorruptFilePolicy corruptFiles;
    @Nullable private final List<String> columns;
    private final int batchSize;
    @Nullable private final MemorySize readCoalesceGap;
    private final MemorySize readPrefetchMaxBytes;
    private final boolean hivePartitioning;
    @Nullable private final Integer parallelism;
    @Nullable private final String eventTimeColumn;
    private final FileOrder fileOrder;
    private final Map<String, String> storageOptions;
    private final long targetSplitBytes;

    private ParquetSourceConfig(Builder b) {
        this.path = b.path.trim();
        this.mode = b.mode;
        this.pollInterval = b.pollInterval;
        this.settleWindow = b.settleWindow;
        this.maxDiscoveryBacklog = b.maxDiscoveryBacklog;
        this.maxListingFailures = b.maxListingFailures;
        this.inProgressTimeout = b.inProgressTimeout;
        this.corruptFiles = b.corruptFiles;
        this.columns = b.columns == null ? null : List.copyOf(b.columns);
        this.batchSize = b.batchSize;
        this.readCoalesceGap = b.readCoalesceGap;
        this.readPrefetchMaxBytes = b.readPrefetchMaxBytes;
        this.hivePartitioning = b.hivePartitioning;
        this.parallelism = b.parallelism;
        this.eventTimeColumn = b.eventTimeColumn;
        this.fileOrder = b.fileOrder;
        this.storageOptions = Collections.unmodifiableMap(new LinkedHashMap<>(b.storageOptions));
        this.targetSplitBytes = b.targetSplitBytes;
    }

    /** A builder with every setting at its default (and no path). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this config's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.mode = mode;
        b.pollInterval = pollInterval;
        b.settleWindow = settleWindow;
        b.maxDiscoveryBacklog = maxDiscoveryBacklog;
        b.maxListingFailures = maxListingFailures;
        b.inProgressTimeout = inProgressTimeout;
        b.corruptFiles = corruptFiles;
        b.columns = columns;
        b.batchSize = batchSize;
        b.readCoalesceGap = readCoalesceGap;
        b.readPrefetchMaxBytes = readPrefetchMaxBytes;
        b.hivePartitioning = hivePartitioning;
        b.parallelism = parallelism;
        b.eventTimeColumn = eventTimeColumn;
        b.fileOrder = fileOrder;
        b.storageOptions.putAll(storageOptions);
        b.targetSplitBytes = targetSplitBytes;
        return b;
    }

    /**
     * A config from string options, the same keys as the SQL connector's ({@code path}, {@code
     * mode}, {@code poll.interval}, {@code discovery.*}, {@code corrupt-files}, {@code columns},
     * {@code batch.size}, {@code read.coalesce-gap}, {@code read.prefetch.max-bytes}, {@code
     * hive.partitioning}, {@code parallelism} / {@code scan.parallelism}, {@code
     * event.time.column}, {@code file.order}, {@code storage.*}). An unknown key, or a value that
     * does not parse or is not allowed, fails with the option, the value and what is allowed.
     */
    public static ParquetSourceConfig fromOptions(Map<String, String> options) {
        return builder().options(options).build();
    }

    /** The options a source needs ({@code path}). */
    public static Set<ConfigOption<?>> requiredOptions() {
        Set<ConfigOption<?>> required = new LinkedHashSet<>();
        for (OptionSetter setter : OPTIONS) {
            if (setter.required) {
                required.add(setter.option);
            }
        }
        return Collections.unmodifiableSet(required);
    }

    /**
     * The options a source may be given besides {@link #requiredOptions()} and {@code storage.*}.
     */
    public static Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> optional = new LinkedHashSet<>();
        for (OptionSetter setter : OPTIONS) {
            if (!setter.required) {
                optional.add(setter.option);
            }
        }
        return Collections.unmodifiableSet(optional);
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

    /**
     * The settle window of continuous discovery ({@link
     * ParquetSourceOptions#DISCOVERY_SETTLE_WINDOW}): as set, or else the larger of 10 minutes and
     * three poll intervals.
     */
    public Duration settleWindow() {
        if (settleWindow != null) {
            return settleWindow;
        }
        Duration threePolls = pollInterval.multipliedBy(3);
        return threePolls.compareTo(DEFAULT_MIN_SETTLE_WINDOW) > 0
                ? threePolls
                : DEFAULT_MIN_SETTLE_WINDOW;
    }

    /** What the enumerator needs of these settings. */
    public DiscoverySettings discoverySettings() {
        return new DiscoverySettings(
                fileOrder,
                targetSplitBytes,
                corruptFiles,
                maxDiscoveryBacklog,
                pollInterval,
                settleWindow(),
                maxListingFailures,
                inProgressTimeout);
    }

    /** {@link ParquetSourceOptions#DISCOVERY_MAX_BACKLOG}. */
    public int maxDiscoveryBacklog() {
        return maxDiscoveryBacklog;
    }

    /** {@link ParquetSourceOptions#DISCOVERY_MAX_FAILURES}. */
    public int maxListingFailures() {
        return maxListingFailures;
    }

    /** {@link ParquetSourceOptions#DISCOVERY_IN_PROGRESS_TIMEOUT}. */
    public Duration inProgressTimeout() {
        return inProgressTimeout;
    }

    /** {@link ParquetSourceOptions#CORRUPT_FILES}. */
    public CorruptFilePolicy corruptFiles() {
        return corruptFiles;
    }

    /** The columns to read, or null for all columns of the schema. */
    @Nullable
    public List<String> columns() {
        return columns;
    }

    public int batchSize() {
        return batchSize;
    }

    /** {@link ParquetSourceOptions#READ_COALESCE_GAP}, or null: by file system. */
    @Nullable
    public MemorySize readCoalesceGap() {
        return readCoalesceGap;
    }

    /** {@link ParquetSourceOptions#READ_PREFETCH_MAX_BYTES}. */
    public MemorySize readPrefetchMaxBytes() {
        return readPrefetchMaxBytes;
    }

    /** What the readers need of the read options: how they fetch row groups. */
    @Internal
    public RangeReadSettings rangeReads() {
        return new RangeReadSettings(
                readCoalesceGap == null ? null : readCoalesceGap.getBytes(),
                readPrefetchMaxBytes.getBytes());
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

    /**
     * The storage settings applied to this source's files: its storage options checked against the
     * path's scheme and mapped to Flink's keys. Fails naming an option (never its value) that the
     * file system of the path's scheme does not take.
     */
    @Internal
    public StorageSettings storage() {
        return StorageSettings.of(path, storageOptions);
    }

    /** Whether a storage option's value is a secret that must never be printed. */
    public static boolean isSecretKey(String key) {
        return StorageSettings.isSecretKey(key);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ParquetSourceConfig)) {
            return false;
        }
        ParquetSourceConfig that = (ParquetSourceConfig) o;
        return batchSize == that.batchSize
                && Objects.equals(readCoalesceGap, that.readCoalesceGap)
                && readPrefetchMaxBytes.equals(that.readPrefetchMaxBytes)
                && hivePartitioning == that.hivePartitioning
                && targetSplitBytes == that.targetSplitBytes
                && path.equals(that.path)
                && mode == that.mode
                && pollInterval.equals(that.pollInterval)
                && Objects.equals(settleWindow, that.settleWindow)
                && maxDiscoveryBacklog == that.maxDiscoveryBacklog
                && maxListingFailures == that.maxListingFailures
                && inProgressTimeout.equals(that.inProgressTimeout)
                && corruptFiles == that.corruptFiles
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

    /** Every setting; the values of secret storage options are masked. */
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
                + ", settleWindow="
                + settleWindow()
                + ", maxDiscoveryBacklog="
                + maxDiscoveryBacklog
                + ", maxListingFailures="
                + maxListingFailures
                + ", inProgressTimeout="
                + inProgressTimeout
                + ", corruptFiles="
                + corruptFiles
                + ", columns="
                + (columns == null ? "all" : columns)
                + ", batchSize="
                + batchSize
                + ", readCoalesceGap="
                + readCoalesceGap
                + ", readPrefetchMaxBytes="
                + readPrefetchMaxBytes
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
                + ", targetSplitBytes="
                + targetSplitBytes
                + "}";
    }

    // ------------------------------------------------------------------------------------------
    // Builder
    // ------------------------------------------------------------------------------------------

    /**
     * Collects the settings; {@link #build()} checks them all, each rule in one place. Setters and
     * {@link #options} may be mixed: the last value set wins.
     */
    @PublicEvolving
    public static final class Builder {

        @Nullable private String path;
        private SourceMode mode = ParquetSourceOptions.MODE.defaultValue();
        private Duration pollInterval = ParquetSourceOptions.POLL_INTERVAL.defaultValue();
        @Nullable private Duration settleWindow;
        private int maxDiscoveryBacklog = ParquetSourceOptions.DISCOVERY_MAX_BACKLOG.defaultValue();
        private int maxListingFailures = ParquetSourceOptions.DISCOVERY_MAX_FAILURES.defaultValue();
        private Duration inProgressTimeout =
                ParquetSourceOptions.DISCOVERY_IN_PROGRESS_TIMEOUT.defaultValue();
        private CorruptFilePolicy corruptFiles = ParquetSourceOptions.CORRUPT_FILES.defaultValue();
        @Nullable private List<String> columns;
        private int batchSize = ParquetSourceOptions.BATCH_SIZE.defaultValue();
        @Nullable private MemorySize readCoalesceGap;
        private MemorySize readPrefetchMaxBytes =
                ParquetSourceOptions.READ_PREFETCH_MAX_BYTES.defaultValue();
        private boolean hivePartitioning = ParquetSourceOptions.HIVE_PARTITIONING.defaultValue();
        @Nullable private Integer parallelism;

        /**
         * The key parallelism was given under ({@code parallelism} or {@code scan.parallelism}).
         */
        private String parallelismKey = ParquetSourceOptions.PARALLELISM.key();

        @Nullable private String eventTimeColumn;
        private FileOrder fileOrder = ParquetSourceOptions.FILE_ORDER.defaultValue();
        private final Map<String, String> storageOptions = new LinkedHashMap<>();
        private long targetSplitBytes = DEFAULT_TARGET_SPLIT_BYTES;

        private Builder() {}

        /** {@link ParquetSourceOptions#PATH}. */
        public Builder path(String path) {
            this.path = checkNotNull(path, "path must not be null");
            return this;
        }

        /** {@link ParquetSourceOptions#MODE}. */
        public Builder mode(SourceMode mode) {
            this.mode = checkNotNull(mode, "mode must not be null");
            return this;
        }

        /** {@link ParquetSourceOptions#POLL_INTERVAL}. */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = checkNotNull(pollInterval, "pollInterval must not be null");
            return this;
        }

        /** {@link ParquetSourceOptions#DISCOVERY_SETTLE_WINDOW}; null for the default. */
        public Builder settleWindow(@Nullable Duration settleWindow) {
            this.settleWindow = settleWindow;
            return this;
        }

        /** {@link ParquetSourceOptions#DISCOVERY_MAX_BACKLOG}. */
        public Builder maxDiscoveryBacklog(int maxBacklog) {
            this.maxDiscoveryBacklog = maxBacklog;
            return this;
        }

        /** {@link ParquetSourceOptions#DISCOVERY_MAX_FAILURES}. */
        public Builder maxListingFailures(int maxFailures) {
            this.maxListingFailures = maxFailures;
            return this;
        }

        /** {@link ParquetSourceOptions#DISCOVERY_IN_PROGRESS_TIMEOUT}. */
        public Builder inProgressTimeout(Duration timeout) {
            this.inProgressTimeout = checkNotNull(timeout, "inProgressTimeout must not be null");
            return this;
        }

        /** {@link ParquetSourceOptions#CORRUPT_FILES}. */
        public Builder corruptFiles(CorruptFilePolicy policy) {
            this.corruptFiles = checkNotNull(policy, "corruptFiles must not be null");
            return this;
        }

        /** {@link ParquetSourceOptions#COLUMNS}; null for every column of the schema. */
        public Builder columns(@Nullable List<String> columns) {
            this.columns = columns == null ? null : new ArrayList<>(columns);
            return this;
        }

        /** {@link ParquetSourceOptions#BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** {@link ParquetSourceOptions#READ_COALESCE_GAP}. */
        public Builder readCoalesceGap(MemorySize gap) {
            this.readCoalesceGap =
                    checkNotNull(
                            gap,
                            "%s must not be null",
                            ParquetSourceOptions.READ_COALESCE_GAP.key());
            return this;
        }

        /** {@link ParquetSourceOptions#READ_PREFETCH_MAX_BYTES}; zero turns prefetching off. */
        public Builder readPrefetchMaxBytes(MemorySize maxBytes) {
            this.readPrefetchMaxBytes =
                    checkNotNull(
                            maxBytes,
                            "%s must not be null",
                            ParquetSourceOptions.READ_PREFETCH_MAX_BYTES.key());
            return this;
        }

        /** {@link ParquetSourceOptions#HIVE_PARTITIONING}. */
        public Builder hivePartitioning(boolean hivePartitioning) {
            this.hivePartitioning = hivePartitioning;
            return this;
        }

        /** {@link ParquetSourceOptions#PARALLELISM}; null for none. */
        public Builder parallelism(@Nullable Integer parallelism) {
            return parallelism(ParquetSourceOptions.PARALLELISM.key(), parallelism);
        }

        private Builder parallelism(String key, @Nullable Integer parallelism) {
            this.parallelismKey = key;
            this.parallelism = parallelism;
            return this;
        }

        /** {@link ParquetSourceOptions#EVENT_TIME_COLUMN}; null for none. */
        public Builder eventTimeColumn(@Nullable String column) {
            this.eventTimeColumn = column;
            return this;
        }

        /** {@link ParquetSourceOptions#FILE_ORDER}. */
        public Builder fileOrder(FileOrder fileOrder) {
            this.fileOrder = checkNotNull(fileOrder, "fileOrder must not be null");
            return this;
        }

        /** A storage setting or credential (key without the {@code storage.} prefix). */
        public Builder storageOption(String key, String value) {
            storageOptions.put(
                    checkNotNull(key, "storage option key must not be null"),
                    checkNotNull(value, "the value of storage option '%s' is null", key));
            return this;
        }

        /** Consecutive row groups smaller than this together are read as one split. */
        public Builder targetSplitBytes(long bytes) {
            this.targetSplitBytes = bytes;
            return this;
        }

        /**
         * Sets the options given as strings, under the SQL connector's keys (see {@link
         * ParquetSourceOptions}); options not given keep their values. Fails on an unknown key or a
         * value that does not parse, naming the option, the value and what is allowed.
         */
        public Builder options(Map<String, String> options) {
            checkNotNull(options, "options must not be null");
            Set<String> known = new TreeSet<>();
            for (OptionSetter setter : OPTIONS) {
                known.addAll(setter.keys());
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
            for (OptionSetter setter : OPTIONS) {
                setter.apply(this, options);
            }
            options.forEach(
                    (key, value) -> {
                        if (key.startsWith(ParquetSourceOptions.STORAGE_PREFIX)) {
                            storageOption(
                                    key.substring(ParquetSourceOptions.STORAGE_PREFIX.length()),
                                    value);
                        }
                    });
            return this;
        }

        /** Checks every setting and makes the config. */
        public ParquetSourceConfig build() {
            checkArgument(
                    path != null && !path.trim().isEmpty(),
                    "Missing required option 'path': the source needs a path, a Parquet file,"
                            + " a directory or a glob");
            checkPositive(ParquetSourceOptions.POLL_INTERVAL.key(), pollInterval);
            checkPositive(
                    ParquetSourceOptions.DISCOVERY_IN_PROGRESS_TIMEOUT.key(), inProgressTimeout);
            if (settleWindow != null) {
                checkPositive(ParquetSourceOptions.DISCOVERY_SETTLE_WINDOW.key(), settleWindow);
                checkArgument(
                        settleWindow.compareTo(pollInterval) > 0,
                        "%s (%s) must be longer than %s (%s): a new file is read one poll after"
                                + " it is first listed, and must then still be inside the window",
                        ParquetSourceOptions.DISCOVERY_SETTLE_WINDOW.key(),
                        settleWindow,
                        ParquetSourceOptions.POLL_INTERVAL.key(),
                        pollInterval);
            }
            checkPositive(ParquetSourceOptions.DISCOVERY_MAX_BACKLOG.key(), maxDiscoveryBacklog);
            checkPositive(ParquetSourceOptions.DISCOVERY_MAX_FAILURES.key(), maxListingFailures);
            checkPositive(ParquetSourceOptions.BATCH_SIZE.key(), batchSize);
            checkArgument(
                    readPrefetchMaxBytes.getBytes() <= RangeReadSettings.MAX_PREFETCH_MAX_BYTES,
                    "%s must be at most 1 gb (a row group's ranges are fetched into heap arrays),"
                            + " but is %s",
                    ParquetSourceOptions.READ_PREFETCH_MAX_BYTES.key(),
                    readPrefetchMaxBytes);
            if (parallelism != null) {
                checkPositive(parallelismKey, parallelism);
            }
            checkArgument(
                    targetSplitBytes > 0,
                    "The target split size must be positive, but is %s bytes",
                    targetSplitBytes);
            if (columns != null) {
                checkArgument(
                        !columns.isEmpty(), "columns, when given, must name at least one column");
                Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                for (String column : columns) {
                    checkArgument(
                            column != null && !column.trim().isEmpty(),
                            "columns must not contain an empty name: %s",
                            columns);
                    checkArgument(
                            seen.add(column), "Column '%s' is listed twice in columns", column);
                }
            }
            return new ParquetSourceConfig(this);
        }

        private static void checkPositive(String key, long value) {
            if (value <= 0) {
                throw notAPositiveInteger(key, String.valueOf(value));
            }
        }

        private static void checkPositive(String key, Duration value) {
            checkArgument(
                    !value.isNegative() && !value.isZero(),
                    "%s must be positive, but is %s",
                    key,
                    value);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Parsing string options
    // ------------------------------------------------------------------------------------------

    /** How one option's string value sets the builder. */
    @FunctionalInterface
    private interface Setter {
        void set(Builder builder, String key, String raw);
    }

    /** An option and how its value, under its key or a fallback key, sets the builder. */
    private static final class OptionSetter {
        private final ConfigOption<?> option;
        private final boolean required;
        private final Setter setter;

        private OptionSetter(ConfigOption<?> option, boolean required, Setter setter) {
            this.option = option;
            this.required = required;
            this.setter = setter;
        }

        OptionSetter(ConfigOption<?> option, Setter setter) {
            this(option, false, setter);
        }

        /** An option without which {@link Builder#build()} fails. */
        static OptionSetter required(ConfigOption<?> option, Setter setter) {
            return new OptionSetter(option, true, setter);
        }

        /** The key, then the fallback keys. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            keys.add(option.key());
            for (FallbackKey fallback : option.fallbackKeys()) {
                keys.add(fallback.getKey());
            }
            return keys;
        }

        /** Sets the value of the first of {@link #keys()} that is given, if any. */
        void apply(Builder builder, Map<String, String> options) {
            for (String key : keys()) {
                String raw = options.get(key);
                if (raw != null) {
                    setter.set(builder, key, raw);
                    return;
                }
            }
        }
    }

    /** A comma-separated list of column names. */
    private static List<String> parseColumns(String raw) {
        List<String> columns = new ArrayList<>();
        for (String column : raw.split(",", -1)) {
            columns.add(column.trim());
        }
        return columns;
    }

    private static <E extends Enum<E>> E parseEnum(String key, String raw, E[] values) {
        for (E value : values) {
            if (value.toString().equalsIgnoreCase(raw.trim())
                    || value.name().equalsIgnoreCase(raw.trim())) {
                return value;
            }
        }
        throw new IllegalArgumentException(
                "Unknown "
                        + key
                        + ": '"
                        + raw
                        + "'. Expected: "
                        + Arrays.stream(values)
                                .map(Object::toString)
                                .collect(Collectors.joining(", ")));
    }

    private static Duration parseDuration(String key, String raw) {
        try {
            return TimeUtils.parseDuration(raw);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + key
                            + ": '"
                            + raw
                            + "'. Expected a duration such as '10s', '500 ms' or '1 min'");
        }
    }

    private static MemorySize parseMemorySize(String key, String raw) {
        try {
            return MemorySize.parse(raw.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Invalid "
                            + key
                            + ": '"
                            + raw
                            + "'. Expected a memory size of zero or more bytes, such as '0',"
                            + " '512kb', '1mb' or '64 mb'");
        }
    }

    private static int parseInt(String key, String raw) {
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw notAPositiveInteger(key, raw);
        }
    }

    private static IllegalArgumentException notAPositiveInteger(String key, String value) {
        return new IllegalArgumentException(
                "Invalid " + key + ": '" + value + "'. Expected a positive integer");
    }

    private static boolean parseBoolean(String key, String raw) {
        switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException(
                        "Invalid " + key + ": '" + raw + "'. Expected: true, false");
        }
    }
}
