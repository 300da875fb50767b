package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.WrappingProxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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

    /**
     * Both of Flink's S3 plugins are installed (as in the tests' plugins directory) and both serve
     * {@code s3://} at the same priority: a source's file system comes from the plugin Flink's own
     * choice would take, the one {@code fs.s3.priority.<factory class>} of the cluster's
     * configuration (the tests' {@code FLINK_CONF_DIR}) puts first, Hadoop's; {@code s3a://} and
     * {@code s3p://} each from their own plugin.
     */
    @Test
    void ofTwoPluginsForOneSchemeTheOneFlinkWouldChoose() throws Exception {
        StorageSettings settings = settings("http://127.0.0.1:1", "secret-priority");
        assertThat(fileSystemClass(settings, "s3://priority/x"))
                .isEqualTo("org.apache.flink.fs.s3.common.FlinkS3FileSystem");
        assertThat(fileSystemClass(settings, "s3a://priority/x"))
                .isEqualTo("org.apache.flink.fs.s3.common.FlinkS3FileSystem");
        StorageSettings presto =
                StorageSettings.of(
                        "s3p://priority/",
                        Map.of("s3.endpoint", "http://127.0.0.1:1", "s3.access-key", "a"));
        assertThat(fileSystemClass(presto, "s3p://priority/x"))
                .isEqualTo("org.apache.flink.fs.s3presto.FlinkS3PrestoFileSystem");
    }

    private static String fileSystemClass(StorageSettings settings, String path) throws Exception {
        FileSystem fs = settings.fileSystem(new Path(path));
        while (fs instanceof WrappingProxy) {
            fs = (FileSystem) ((WrappingProxy<?>) fs).getWrappedDelegate();
        }
        return fs.getClass().getName();
    }

    /**
     * abfs(s):// is covered by configuration only (Azurite has no Data Lake endpoint): the source's
     * account key reaches Flink's Azure plugin, whose ABFS driver needs it to set up shared-key
     * authentication (it does not connect while doing so): without a key for the account it fails
     * with "Failure to initialize configuration".
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void abfsFileSystemsTakeTheSourcesAccountKey() throws Exception {
        String key = Base64.getEncoder().encodeToString("abfs-ACCOUNT-KEY-of-the-test".getBytes());
        for (String scheme : new String[] {"abfs", "abfss"}) {
            String path = scheme + "://container@acct.dfs.core.windows.net/data/";
            StorageSettings otherAccount =
                    StorageSettings.of(
                            path, Map.of("azure.account.key.other.dfs.core.windows.net", key));
            assertThatThrownBy(() -> otherAccount.fileSystem(new Path(path)))
                    .hasMessageContaining(
                            "Cannot create the file system for "
                                    + scheme
                                    + "://container@acct.dfs.core.windows.net")
                    .hasMessageContaining("Failure to initialize configuration")
                    .satisfies(
                            e ->
                                    assertThat(ExceptionUtils.stringifyException(e))
                                            .doesNotContain(key));

            StorageSettings withKey =
                    StorageSettings.of(
                            path,
                            Map.of(
                                    "azure.account.key.acct.dfs.core.windows.net",
                                    key,
                                    "azure.io.retry.max.retries",
                                    "1"));
            FileSystem fs = withKey.fileSystem(new Path(path + "x.parquet"));
            assertThat(fs.getUri().toString())
                    .isEqualTo(scheme + "://container@acct.dfs.core.windows.net");
            assertThat(fs.isDistributedFS()).isTrue();
            assertThat(withKey.fileSystem(new Path(path + "y.parquet"))).isSameAs(fs);
        }
    }

    /**
     * Every scheme that takes settings has its plugin in the tests' plugins directory, so a scheme
     * without one is asked for directly.
     */
    @Test
    void aSchemeWithoutAPluginFailsSayingWhatToInstall() {
        StorageSettings presto =
                StorageSettings.of("s3p://bucket/", Map.of("s3.secret-key", "presto-secret"));
        assertThatThrownBy(() -> SourceFileSystems.get(URI.create("nofs://bucket/data"), presto))
                .hasMessageContaining("No file system for scheme 'nofs'")
                .hasMessageContaining("nofs://bucket")
                .hasMessageContaining("flink-s3-fs-presto")
                .hasMessageNotContaining("presto-secret");
    }
}
