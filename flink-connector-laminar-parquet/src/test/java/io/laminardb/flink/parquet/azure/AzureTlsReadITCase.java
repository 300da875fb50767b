package io.laminardb.flink.parquet.azure;

import io.laminardb.flink.parquet.testutils.AzuriteServer;
import io.laminardb.flink.parquet.testutils.SqlTables;

import org.apache.flink.test.junit5.MiniClusterExtension;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reads from a real Azure Blob Storage server (Azurite) over {@code wasbs://}: Azurite serves HTTPS
 * with a certificate made for this run, which the test's JVM trusts in-process ({@link
 * AzuriteServer#overTls()}); the checks of {@link AzureReadChecks} (bounded SQL with projection, a
 * filter and partitions, a continuous read with projection and partitions, values checked, a wrong
 * key, no secret printed). Every connection to Azurite, the uploads included, is a TLS session.
 */
class AzureTlsReadITCase extends AzureReadChecks {

    @RegisterExtension
    @Order(1)
    static final AzuriteServer AZURITE = AzuriteServer.overTls();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = SqlTables.cluster(2);

    @BeforeAll
    static void upload() throws Exception {
        assertThat(AZURITE.wasbRoot("lake")).startsWith("wasbs://lake@");
        upload(AZURITE);
    }

    @AfterAll
    static void everyConnectionWasTls() {
        assertThat(AZURITE.tunnel().tunnels()).as("connections to Azurite").isPositive();
        assertThat(AZURITE.tunnel().tlsTunnels())
                .as("connections that began with a TLS handshake")
                .isEqualTo(AZURITE.tunnel().tunnels());
    }

    @Override
    AzuriteServer azurite() {
        return AZURITE;
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() throws Exception {
        HttpsURLConnection connection =
                (HttpsURLConnection)
                        new URL("https://" + AZURITE.accountHost() + "/lake?restype=container")
                                .openConnection();
        // the JDK's own trust, without the test's certificate
        connection.setSSLSocketFactory((SSLSocketFactory) SSLSocketFactory.getDefault());
        Throwable error = catchThrowable(connection::getResponseCode);
        assertThat(error).isInstanceOf(SSLHandshakeException.class);
    }
}
