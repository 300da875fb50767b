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
                                        "oss://bucket/data",
                                        Map.of("oss.accessKeySecret", "OSS-SECRET")))
                .hasMessageContaining("'storage.oss.accessKeySecret'")
                .hasMessageContaining("not supported yet for scheme 'oss'")
                .hasMessageContaining("supported: s3, s3a, s3p, wasb, wasbs, abfs, abfss, gs")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("OSS-SECRET"));
    }

    @Test
    void azureKeysAreFlinksAzureKeys() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("azure.account.key.acct.blob.core.windows.net", "AZ-ACCOUNT-KEY");
        options.put("azure.account.key.acct.blob.localhost:10000", "AZ-ACCOUNT-KEY-2");
        options.put("azure.sas.container.acct.blob.core.windows.net", "AZ-SAS-TOKEN");
        options.put("azure.account.auth.type", "SharedKey");
        options.put("azure.account.oauth2.client.secret.acct.dfs.core.windows.net", "AZ-CS");
        options.put("azure.io.retry.max.retries", "3");
        for (String path :
                new String[] {
                    "wasb://c@acct.blob.core.windows.net/d/",
                    "wasbs://c@acct.blob.core.windows.net/d/",
                    "abfs://c@acct.dfs.core.windows.net/d/",
                    "abfss://c@acct.dfs.core.windows.net/d/"
                }) {
            StorageSettings settings = StorageSettings.of(path, options);
            assertThat(settings.flinkOptions()).isEqualTo(options);
            assertThat(settings.toString())
                    .contains("azure.io.retry.max.retries=3")
                    .contains("azure.account.auth.type=SharedKey")
                    .doesNotContain("AZ-ACCOUNT-KEY")
                    .doesNotContain("AZ-SAS-TOKEN")
                    .doesNotContain("AZ-CS");
        }
        // a key needs its account; Hadoop's fs.azure. names and S3 keys are not Azure's keys
        for (String key :
                new String[] {
                    "azure.account.key", "fs.azure.account.key.acct.blob.core.windows.net",
                    "s3.access-key", "azure.acount.key.acct"
                }) {
            assertThatThrownBy(
                            () ->
                                    StorageSettings.of(
                                            "abfss://c@acct.dfs.core.windows.net/d",
                                            Map.of(key, "AZ-VALUE")))
                    .hasMessageContaining("Unknown storage option 'storage." + key + "'")
                    .hasMessageContaining("scheme 'abfss'")
                    .hasMessageContaining("storage.azure.account.key.<account>")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("AZ-VALUE"));
        }
    }

    @Test
    void gcsKeysAreFlinksGcsKeys() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("gs.project.id", "my-project");
        options.put("gs.storage.root.url", "http://127.0.0.1:4443/");
        options.put("gs.auth.service.account.private.key", "GS-PRIVATE-KEY");
        options.put("gs.auth.client.secret", "GS-CLIENT-SECRET");
        options.put("gs.storage.http.headers.x-goog-user-project", "billing");
        options.put("gs.retry.max-attempt", "4");
        StorageSettings settings = StorageSettings.of("gs://bucket/data/", options);
        assertThat(settings.flinkOptions()).isEqualTo(options);
        assertThat(settings.toString())
                .contains("gs.storage.root.url=http://127.0.0.1:4443/")
                .doesNotContain("GS-PRIVATE-KEY")
                .doesNotContain("GS-CLIENT-SECRET");
        assertThatThrownBy(
                        () ->
                                StorageSettings.of(
                                        "gs://bucket/data",
                                        Map.of("gs.project.id", "p", "gs.auth.token", "TOKEN")))
                .hasMessageContaining("Unknown storage option 'storage.gs.auth.token'")
                .hasMessageContaining("scheme 'gs'")
                .hasMessageContaining("storage.gs.storage.root.url")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOKEN"));
        assertThatThrownBy(
                        () ->
                                StorageSettings.of(
                                        "gs://bucket/data",
                                        Map.of("azure.account.key.a.blob.core.windows.net", "K")))
                .hasMessageContaining(
                        "Unknown storage option 'storage.azure.account.key.a.blob.core.windows.net'");
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
