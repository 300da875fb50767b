package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.util.HadoopCodecs;

import javax.annotation.Nullable;

/** The parquet-java read options the connector uses everywhere (footers and data). */
@Internal
public final class ParquetReadOptionsFactory {

    /** A class parquet-java's read options load (for its codec factory), even for local files. */
    private static final String HADOOP_PROBE = "org.apache.hadoop.conf.Configuration";

    /** Set once the Hadoop classes were found: the check runs once per class loader. */
    private static volatile boolean hadoopFound;

    private ParquetReadOptionsFactory() {}

    /**
     * Fails with a message that says what to do when Hadoop's classes are missing (parquet-java
     * needs them even for local files), instead of a bare {@code NoClassDefFoundError} later.
     */
    public static void checkHadoopClasses() {
        if (hadoopFound) {
            return;
        }
        try {
            Class.forName(HADOOP_PROBE, false, ParquetReadOptions.class.getClassLoader());
            hadoopFound = true;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "Reading Parquet needs Hadoop's classes ("
                            + HADOOP_PROBE
                            + " was not found), like Flink's own Parquet format: set"
                            + " HADOOP_CLASSPATH (export HADOOP_CLASSPATH=$(hadoop classpath))"
                            + " before starting Flink, or put hadoop-client-api,"
                            + " hadoop-client-runtime and commons-logging into Flink's lib/",
                    e);
        }
    }

    /**
     * The one configuration every read's options are built from. {@code
     * ParquetReadOptions.builder()} makes a new Hadoop {@code Configuration} each time, whose first
     * read parses Hadoop's default XML resources (milliseconds and hundreds of KB read from jars):
     * per file, that was four fifths of the time reading small files took. Loaded once, then only
     * read (Hadoop's configuration is safe to read from several threads). A holder class, so
     * Hadoop's classes load only after {@link #checkHadoopClasses()}.
     */
    private static final class SharedConfiguration {
        static final ParquetConfiguration INSTANCE = load();

        private static ParquetConfiguration load() {
            ParquetConfiguration configuration =
                    new HadoopParquetConfiguration(new org.apache.hadoop.conf.Configuration());
            configuration.get("parquet.read.support.class"); // loads the default resources now
            return configuration;
        }
    }

    public static ParquetReadOptions create() {
        return create(null);
    }

    /**
     * Options for reading data with a pruning predicate: the page index (column index and offset
     * index) may skip pages of row groups read with {@code readFilteredRowGroup}. Row groups are
     * never dropped by the reader itself (the connector prunes them explicitly, so row-group
     * indexes stay those of the footer).
     */
    public static ParquetReadOptions create(@Nullable FilterPredicate pruning) {
        checkHadoopClasses();
        ParquetReadOptions.Builder builder =
                ParquetReadOptions.builder(SharedConfiguration.INSTANCE)
                        .withCodecFactory(
                                new HeapSnappyCodecs(
                                        HadoopCodecs.newFactory(SharedConfiguration.INSTANCE, 0)));
        if (pruning != null) {
            builder.withRecordFilter(FilterCompat.get(pruning));
        }
        return builder.withMetadataFilter(ParquetMetadataConverter.NO_FILTER)
                .useStatsFilter(false)
                .useDictionaryFilter(false)
                .useRecordFilter(false)
                .useColumnIndexFilter(pruning != null)
                .useBloomFilter(false)
                // column chunks as views of the bytes fetched
                // (LoadedRangesInputStream#readVectored)
                .withUseHadoopVectoredIo(true)
                .build();
    }
}
