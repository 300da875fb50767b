package io.laminardb.flink.parquet.testutils;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS certificate made at test time for a test server on 127.0.0.1: the JDK's {@code
 * keytool} makes an RSA key pair and certificate (valid for two days, for the given DNS names and
 * 127.0.0.1) in a PKCS12 key store, and this class writes them as PEM files (what Node servers such
 * as Azurite take) and makes an {@link SSLSocketFactory} that trusts the JDK's CAs and this
 * certificate (what a client in the test's JVM needs).
 */
public final class SelfSignedCertificate {

    private static final String ALIAS = "test-server";

    private final X509Certificate certificate;
    private final Path certificatePem;
    private final Path privateKeyPem;

    private SelfSignedCertificate(
            X509Certificate certificate, Path certificatePem, Path privateKeyPem) {
        this.certificate = certificate;
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
    }

    /** Makes a certificate for these DNS names and 127.0.0.1, its files under {@code dir}. */
    public static SelfSignedCertificate create(Path dir, List<String> dnsNames) throws Exception {
        Files.createDirectories(dir);
        Path keyStore = dir.resolve("server.p12");
        Files.deleteIfExists(keyStore);
        char[] password = HexFormat.of().formatHex(randomBytes(16)).toCharArray();
        StringBuilder san = new StringBuilder("SAN=");
        for (String name : dnsNames) {
            san.append("dns:").append(name).append(',');
        }
        san.append("ip:127.0.0.1");
        Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder =
                new ProcessBuilder(
                                keytool.toString(),
                                "-genkeypair",
                                "-alias",
                                ALIAS,
                                "-keyalg",
                                "RSA",
                                "-keysize",
                                "2048",
                                "-validity",
                                "2",
                                "-dname",
                                "CN=" + dnsNames.get(0),
                                "-ext",
                                san.toString(),
                                "-storetype",
                                "PKCS12",
                                "-keystore",
                                keyStore.toString(),
                                "-storepass:env",
                                "STORE_PASSWORD")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("keytool.log").toFile());
        // the password goes through the environment, not the command line
        builder.environment().put("STORE_PASSWORD", new String(password));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("keytool did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "keytool failed with "
                            + process.exitValue()
                            + ": "
                            + Files.readString(dir.resolve("keytool.log")));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
        PrivateKey key = (PrivateKey) store.getKey(ALIAS, password);
        Path certificatePem = dir.resolve("server-cert.pem");
        Path privateKeyPem = dir.resolve("server-key.pem");
        Files.writeString(certificatePem, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(privateKeyPem, pem("PRIVATE KEY", key.getEncoded()));
        Files.delete(keyStore);
        return new SelfSignedCertificate(certificate, certificatePem, privateKeyPem);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN "
                + type
                + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END "
                + type
                + "-----\n";
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate, PEM. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The private key, PKCS#8 PEM (unencrypted: a throw-away key of a test server). */
    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** A socket factory whose trust is the JDK's default CAs plus this certificate. */
    public SSLSocketFactory trustingSocketFactory() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        TrustManagerFactory jdk =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        int n = 0;
        for (javax.net.ssl.TrustManager manager : jdk.getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                for (X509Certificate ca : ((X509TrustManager) manager).getAcceptedIssuers()) {
                    trusted.setCertificateEntry("jdk-" + n++, ca);
                }
            }
        }
        trusted.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory factory =
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), new SecureRandom());
        return context.getSocketFactory();
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate{" + certificate.getSubjectX500Principal() + "}";
    }
}
