package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file systems of sources with settings of their own, made from Flink's S3 plugin (loaded from
 * FLINK_PLUGINS_DIR, which the module's build prepares): one per scheme, bucket and settings, never
 * Flink's own. Making an S3A file system does not connect to the endpoint.
 */
class SourceFileSystemsTest {

    private static StorageSettings settings(String endpoint, String secret) {
        return StorageSettings.of(
                "s3://b/",
                Map.of(
                        "s3.endpoint", endpoint,
                        "s3.access-key", "access",
                        "s3.secret-key", secret));
    }

    @Test
    void oneFileSystemPerSchemeBucketAndSettings() throws Exception {
        StorageSettings one = settings("http://127.0.0.1:1", "secret-one");
        FileSystem fs = one.fileSystem(new Path("s3://bucket-a/x/y.parquet"));

        assertThat(fs.getUri().toString()).isEqualTo("s3://bucket-a");
        assertThat(fs.isDistributedFS()).isTrue();
        // the same scheme, bucket and (equal) settings: the same instance, whatever the key
        assertThat(
                        settings("http://127.0.0.1:1", "secret-one")
                                .fileSystem(new Path("s3://bucket-a/z")))
                .isSameAs(fs);
        // another secret, another bucket, another scheme: each its own
        assertThat(
                        settings("http://127.0.0.1:1", "secret-two")
                                .fileSystem(new Path("s3://bucket-a/z")))
                .isNotSameAs(fs);
        assertThat(one.fileSystem(new Path("s3://bucket-b/z"))).isNotSameAs(fs);
        assertThat(one.fileSystem(new Path("s3a://bucket-a/z")))
                .isNotSameAs(fs)
                .isSameAs(one.fileSystem(new Path("s3a://bucket-a/other")));
        // the settings' fileSystem(path) is the cache's
        assertThat(SourceFileSystems.get(URI.create("s3://bucket-a/"), one)).isSameAs(fs);
    }

    @Test
    void aSchemeWithoutAPluginFailsSayingWhatToInstall() {
        StorageSettings presto =
                StorageSettings.of("s3p://bucket/", Map.of("s3.secret-key", "presto-secret"));
        assertThatThrownBy(() -> presto.fileSystem(new Path("s3p://bucket/data")))
                .hasMessageContaining("No file system for scheme 's3p'")
                .hasMessageContaining("s3p://bucket")
                .hasMessageContaining("flink-s3-fs-presto")
                .hasMessageNotContaining("presto-secret");
    }
}
