package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.Path;
import org.apache.flink.util.InstantiationUtil;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Storage settings: which keys each scheme takes, the errors, the masking. */
class StorageSettingsTest {

    private static Map<String, String> s3Options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("s3.endpoint", "http://127.0.0.1:9000");
        options.put("s3.path.style.access", "true");
        options.put("s3.access-key", "AKIA-ACCESS-VALUE");
        options.put("s3.secret-key", "SECRET-VALUE-42");
        return options;
    }

    @Test
    void noOptionsMeansTheClustersFileSystems() throws Exception {
        StorageSettings settings = StorageSettings.of("s3://bucket/data/", Map.of());
        assertThat(settings).isSameAs(StorageSettings.CLUSTER);
        assertThat(settings.isCluster()).isTrue();
        // a local path resolves through Flink's FileSystem.get as before
        assertThat(settings.fileSystem(new Path("file:///tmp")).isDistributedFS()).isFalse();
    }

    @Test
    void s3KeysAreFlinksKeys() {
        for (String path : new String[] {"s3://b/x/", "s3a://b/x/*.parquet", "S3://b/"}) {
            StorageSettings settings = StorageSettings.of(path, s3Options());
            assertThat(settings.isCluster()).isFalse();
            assertThat(settings.flinkOptions())
                    .containsExactly(
                            Map.entry("s3.access-key", "AKIA-ACCESS-VALUE"),
                            Map.entry("s3.endpoint", "http://127.0.0.1:9000"),
                            Map.entry("s3.path.style.access", "true"),
                            Map.entry("s3.secret-key", "SECRET-VALUE-42"));
        }
        // Hadoop S3A's options under s3., as Flink's configuration takes them
        assertThat(
                        StorageSettings.of(
                                        "s3a://b/",
                                        Map.of(
                                                "s3.endpoint.region",
                                                "eu-west-1",
                                                "s3.retry.limit",
                                                "3"))
                                .flinkOptions())
                .containsEntry("s3.endpoint.region", "eu-west-1");
    }

    @Test
    void anUnknownKeyFailsNamingItNeverTheValue() {
        Map<String, String> options = s3Options();
        options.put("s3.acess-key", "TYPO-VALUE");
        assertThatThrownBy(() -> StorageSettings.of("s3://bucket/data/", options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown storage option 'storage.s3.acess-key'")
                .hasMessageContaining("s3://bucket/data/")
                .hasMessageContaining("storage.s3.access-key")
                .satisfies(e -> assertNoValues(e.getMessage()));
        // Presto's S3 (s3p) takes the common keys only
        assertThatThrownBy(() -> StorageSettings.of("s3p://bucket/", Map.of("s3.retry.limit", "3")))
                .hasMessageContaining("Unknown storage option 'storage.s3.retry.limit'")
                .hasMessageContaining("scheme 's3p'");
    }

    @Test
    void storesWithoutPerSourceSettingsFailNamingTheKey() {
        assertThatThrownBy(() -> StorageSettings.of("/data/trades", s3Options()))
                .hasMessageContaining(
                        "'storage.s3.access-key' does not apply to path '/data/trades'")
                .satisfies(e -> assertNoValues(e.getMessage()));
        assertThatThrownBy(() -> StorageSettings.of("file:///data", Map.of("s3.endpoint", "x")))
                .hasMessageContaining("'storage.s3.endpoint' does not apply");
        assertThatThrownBy(
                        () ->
                                StorageSettings.of(
                                        "gs://bucket/data",
                                        Map.of("gs.project.id", "p", "gs.auth.token", "TOKEN")))
                .hasMessageContaining("'storage.gs.auth.token'")
                .hasMessageContaining("not supported yet for scheme 'gs'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOKEN"));
        assertThatThrownBy(
                        () ->
                                StorageSettings.of(
                                        "abfss://c@acct.dfs.core.windows.net/d",
                                        Map.of("fs.azure.account.key", "AZKEY")))
                .hasMessageContaining("not supported yet for scheme 'abfss'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AZKEY"));
    }

    @Test
    void toStringMasksSecretsAndSerializationKeepsThem() throws Exception {
        StorageSettings settings = StorageSettings.of("s3://b/", s3Options());
        assertThat(settings.toString())
                .contains("s3.endpoint=http://127.0.0.1:9000")
                .contains("s3.secret-key=******")
                .contains("s3.access-key=******")
                .satisfies(StorageSettingsTest::assertNoValues);
        assertThat(settings.mask("denied for SECRET-VALUE-42 and AKIA-ACCESS-VALUE"))
                .isEqualTo("denied for ****** and ******");

        StorageSettings copy =
                InstantiationUtil.clone(settings, StorageSettingsTest.class.getClassLoader());
        assertThat(copy).isEqualTo(settings).hasSameHashCodeAs(settings);
        assertThat(copy.flinkOptions()).containsEntry("s3.secret-key", "SECRET-VALUE-42");
        assertThat(StorageSettings.of("s3://b/", Map.of("s3.endpoint", "http://other")))
                .isNotEqualTo(settings);
    }

    private static void assertNoValues(String text) {
        assertThat(text)
                .doesNotContain("SECRET-VALUE-42")
                .doesNotContain("AKIA-ACCESS-VALUE")
                .doesNotContain("TYPO-VALUE");
    }
}
