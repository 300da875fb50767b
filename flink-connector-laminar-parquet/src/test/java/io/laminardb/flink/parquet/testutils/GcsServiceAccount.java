package io.laminardb.flink.parquet.testutils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;

/**
 * A service account of {@link GcsTestServer}, made per run: an RSA key pair and its JSON key file,
 * as the Google Cloud console makes them, whose token endpoint is the server's; and the per-source
 * settings (without {@code storage.}) that read through it.
 */
public final class GcsServiceAccount {

    private final KeyPair keys;
    private final Path keyFile;
    private final GcsTestServer server;

    private GcsServiceAccount(KeyPair keys, Path keyFile, GcsTestServer server) {
        this.keys = keys;
        this.keyFile = keyFile;
        this.server = server;
    }

    /** A new service account whose key file is written to {@code keyFile}. */
    public static GcsServiceAccount create(Path keyFile, GcsTestServer server)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        String pem =
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'})
                                .encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(
                keyFile,
                "{\"type\": \"service_account\", \"project_id\": \"laminar-test\","
                        + " \"private_key_id\": \"k1\", \"private_key\": \""
                        + pem.replace("\n", "\\n")
                        + "\", \"client_email\": \"reader@laminar-test.iam.gserviceaccount.com\","
                        + " \"client_id\": \"1\", \"token_uri\": \""
                        + server.rootUrl()
                        + "token\"}");
        return new GcsServiceAccount(keys, keyFile, server);
    }

    public KeyPair keys() {
        return keys;
    }

    /** The private key, PKCS#8 in base64 (what the key file holds): a secret to look for. */
    public String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }

    /** The per-source settings, without {@code storage.}, that read as this account. */
    public Map<String, String> settings() {
        return Map.of(
                "gs.storage.root.url",
                server.rootUrl(),
                "gs.project.id",
                "laminar-test",
                "gs.auth.service.account.enable",
                "true",
                "gs.auth.service.account.json.keyfile",
                keyFile.toString(),
                "gs.token.server.url",
                server.rootUrl() + "token");
    }
}
