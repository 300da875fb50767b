package io.laminardb.flink.parquet.fs;

import org.apache.flink.configuration.Configuration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The read defaults of a source's own file systems: set where nothing else sets the key. */
class ObjectStoreReadDefaultsTest {

    @Test
    void s3SchemesReadInRandomPolicyByDefault() {
        for (String scheme : new String[] {"s3", "s3a", "S3A"}) {
            Configuration config = new Configuration();
            ObjectStoreReadDefaults.applyTo(scheme, config);
            assertThat(config.toMap())
                    .as(scheme)
                    .containsEntry(ObjectStoreReadDefaults.S3_FADVISE, "random");
        }
    }

    @Test
    void aValueOfTheClusterOrTheSourceWins() {
        Configuration config = new Configuration();
        config.setString(ObjectStoreReadDefaults.S3_FADVISE, "sequential");
        ObjectStoreReadDefaults.applyTo("s3", config);
        assertThat(config.toMap()).containsEntry(ObjectStoreReadDefaults.S3_FADVISE, "sequential");
    }

    @Test
    void otherSchemesAreLeftAlone() {
        for (String scheme : new String[] {"s3p", "gs", "wasbs", "abfss", "hdfs", "file"}) {
            Configuration config = new Configuration();
            ObjectStoreReadDefaults.applyTo(scheme, config);
            assertThat(config.toMap()).as(scheme).isEmpty();
        }
    }
}
