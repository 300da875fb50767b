package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.Configuration;

import java.util.Locale;
import java.util.Map;

/**
 * How the file systems a source creates with storage settings of its own read by default, where
 * neither the settings nor the cluster's configuration say otherwise: the read patterns of a
 * Parquet reader, not of a sequential file copy.
 *
 * <p>Hadoop S3A ({@code s3://}, {@code s3a://}) opens a stream in its {@code normal} seek policy
 * with a GET to the end of the object, and aborts it on the first backward seek. A Parquet reader
 * reads the footer at the end first, then column chunks: every stream opened for a chunk starts a
 * GET of the rest of the object, and what the server has sent when the client aborts it is paid
 * for. Measured against S3Proxy: a full scan fetched 1.4-1.8 times the file, a projection of two of
 * fourteen columns 30% of it. With {@code random}, S3A asks for the ranges the reader reads (at
 * least its read-ahead, 64 KiB), and the full scan fetches the file once.
 *
 * <p>Sources without storage settings use the cluster's file systems, which this class does not
 * touch: there, the cluster's configuration decides ({@code s3.experimental.input.fadvise:
 * random}). Any thread.
 */
@Internal
final class ObjectStoreReadDefaults {

    /** S3A's seek policy, under Flink's {@code s3.} prefix. */
    static final String S3_FADVISE = "s3.experimental.input.fadvise";

    private static final Map<String, Map<String, String>> DEFAULTS_BY_SCHEME =
            Map.of(
                    "s3", Map.of(S3_FADVISE, "random"),
                    "s3a", Map.of(S3_FADVISE, "random"));

    private ObjectStoreReadDefaults() {}

    /**
     * Sets the scheme's read defaults in a file system's configuration where it does not already
     * set the key (the cluster's value or the source's setting wins).
     */
    static void applyTo(String scheme, Configuration config) {
        Map<String, String> defaults =
                DEFAULTS_BY_SCHEME.getOrDefault(scheme.toLowerCase(Locale.ROOT), Map.of());
        defaults.forEach(
                (key, value) -> {
                    if (!config.containsKey(key)) {
                        config.setString(key, value);
                    }
                });
    }
}
