package io.laminardb.flink.parquet.azure;

import io.laminardb.flink.parquet.testutils.AzuriteServer;
import io.laminardb.flink.parquet.testutils.SqlTables;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reads from a real Azure Blob Storage server (Azurite) over {@code wasb://} (HTTP): the checks of
 * {@link AzureReadChecks}.
 */
class AzureReadITCase extends AzureReadChecks {

    @RegisterExtension
    @Order(1)
    static final AzuriteServer AZURITE = new AzuriteServer();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @BeforeAll
    static void upload() throws Exception {
        upload(AZURITE);
    }

    @Override
    AzuriteServer azurite() {
        return AZURITE;
    }
}
