package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import javax.annotation.Nullable;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One source's storage settings (the {@code storage.*} options), checked against the scheme of the
 * source's path and kept under the keys of Flink's configuration ({@code storage.s3.endpoint} is
 * Flink's {@code s3.endpoint}). A source without settings uses Flink's file systems as the cluster
 * configured them; a source with settings gets file systems of its own, made by the scheme's file
 * system factory with the cluster's configuration plus these settings ({@link SourceFileSystems}).
 * Every file the source touches (listing, footers, data) is opened through {@link
 * #fileSystem(Path)}.
 *
 * <p>Immutable and serializable: it travels with the source to the JobManager and TaskManagers.
 * {@link #toString()} masks the values of secrets; no message of this class contains a value.
 */
@Internal
public final class StorageSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The prefix of the options that hold storage settings. */
    public static final String OPTION_PREFIX = "storage.";

    /** No settings of the source's own: Flink's file systems as configured for the cluster. */
    public static final StorageSettings CLUSTER = new StorageSettings(null, Map.of());

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");

    /** Schemes served by Flink's S3 file systems (Hadoop S3A: s3, s3a; Presto: s3, s3p). */
    private static final Set<String> S3_SCHEMES = Set.of("s3", "s3a", "s3p");

    /** Schemes served by Flink's Azure file system (flink-azure-fs-hadoop: WASB and ABFS). */
    private static final Set<String> AZURE_SCHEMES = Set.of("wasb", "wasbs", "abfs", "abfss");

    /** The scheme of Flink's Google Cloud Storage file system (flink-gs-fs-hadoop). */
    private static final String GS_SCHEME = "gs";

    /** Schemes of stores whose per-source settings are not supported yet. */
    private static final Set<String> NOT_YET = Set.of("oss", "hdfs", "viewfs");

    /** Keys (without {@code storage.}) every S3 file system of Flink reads. */
    private static final KeyRules S3_COMMON_KEYS =
            KeyRules.of("s3.access-key", "s3.secret-key", "s3.endpoint", "s3.path.style.access");

    /**
     * Keys of Flink's Hadoop S3 file system (flink-s3-fs-hadoop): Flink's own names, and Hadoop
     * S3A's {@code fs.s3a.*} options under {@code s3.}, as Flink's configuration takes them.
     */
    private static final KeyRules S3_HADOOP_KEYS =
            KeyRules.of(
                    "s3.access-key",
                    "s3.access.key",
                    "s3.secret-key",
                    "s3.secret.key",
                    "s3.session.token",
                    "s3.endpoint",
                    "s3.endpoint.region",
                    "s3.path.style.access",
                    "s3.aws.credentials.provider",
                    "s3.assumed.role.arn",
                    "s3.assumed.role.session.name",
                    "s3.connection.ssl.enabled",
                    "s3.connection.maximum",
                    "s3.connection.timeout",
                    "s3.connection.establish.timeout",
                    "s3.attempts.maximum",
                    "s3.retry.limit",
                    "s3.retry.interval",
                    "s3.retry.throttle.limit",
                    "s3.retry.throttle.interval",
                    "s3.readahead.range",
                    "s3.experimental.input.fadvise",
                    "s3.bucket.probe",
                    "s3.change.detection.mode",
                    "s3.change.detection.source");

    /**
     * Keys of Flink's Azure file system (flink-azure-fs-hadoop): Flink hands {@code azure.<x>} to
     * Hadoop's WASB and ABFS drivers as {@code fs.azure.<x>}. {@code <account>} is the account's
     * host ({@code myaccount.blob.core.windows.net}, {@code myaccount.dfs.core.windows.net}), the
     * part of the path after '@'; {@code [.<account>]} means the key applies to every account
     * without it and to that account with it.
     */
    private static final KeyRules AZURE_KEYS =
            KeyRules.of(
                    // credentials (WASB and ABFS: shared key; WASB: SAS per container)
                    "azure.account.key.<account>",
                    "azure.account.keyprovider.<account>",
                    "azure.sas.<container>.<account>",
                    // ABFS: authentication per account or for all
                    "azure.account.auth.type[.<account>]",
                    "azure.account.oauth.provider.type[.<account>]",
                    "azure.account.oauth2.client.endpoint[.<account>]",
                    "azure.account.oauth2.client.id[.<account>]",
                    "azure.account.oauth2.client.secret[.<account>]",
                    "azure.account.oauth2.msi.tenant[.<account>]",
                    "azure.account.oauth2.msi.endpoint[.<account>]",
                    "azure.account.oauth2.msi.authority[.<account>]",
                    "azure.account.oauth2.refresh.token[.<account>]",
                    "azure.account.oauth2.refresh.endpoint[.<account>]",
                    "azure.account.oauth2.user.name[.<account>]",
                    "azure.account.oauth2.user.password[.<account>]",
                    "azure.sas.token.provider.type[.<account>]",
                    "azure.sas.fixed.token[.<account>]",
                    // transport and retries
                    "azure.secure.mode",
                    "azure.always.use.https",
                    "azure.storage.timeout",
                    "azure.io.retry.max.retries",
                    "azure.io.retry.backoff.interval",
                    "azure.io.retry.min.backoff.interval",
                    "azure.io.retry.max.backoff.interval",
                    "azure.oauth.token.fetch.retry.max.retries",
                    "azure.enable.autothrottling",
                    "azure.autothrottling.enable",
                    // reads
                    "azure.read.request.size",
                    "azure.block.size",
                    "azure.io.read.tolerate.concurrent.append",
                    "azure.readaheadqueue.depth",
                    "azure.enable.readahead",
                    "azure.read.smallfilescompletely",
                    "azure.read.optimizefooterread");

    /**
     * Keys of Flink's Google Cloud Storage file system (flink-gs-fs-hadoop): Flink hands {@code
     * gs.<x>} to the Hadoop GCS connector as {@code fs.gs.<x>}, and reads its own {@code gs.http.*}
     * and {@code gs.retry.*} options.
     */
    private static final KeyRules GS_KEYS =
            KeyRules.of(
                    "gs.project.id",
                    "gs.storage.root.url",
                    "gs.storage.service.path",
                    "gs.storage.http.headers.<header>",
                    // credentials
                    "gs.auth.service.account.enable",
                    "gs.auth.service.account.json.keyfile",
                    "gs.auth.service.account.email",
                    "gs.auth.service.account.private.key.id",
                    "gs.auth.service.account.private.key",
                    "gs.auth.access.token.provider.impl",
                    "gs.auth.impersonation.service.account",
                    "gs.auth.client.id",
                    "gs.auth.client.secret",
                    "gs.auth.null.enable",
                    "gs.token.server.url",
                    "gs.proxy.address",
                    "gs.proxy.username",
                    "gs.proxy.password",
                    "gs.requester.pays.mode",
                    "gs.requester.pays.project.id",
                    "gs.requester.pays.buckets",
                    "gs.encryption.algorithm",
                    "gs.encryption.key",
                    "gs.encryption.key.hash",
                    // transport and retries
                    "gs.application.name.suffix",
                    "gs.http.connect-timeout",
                    "gs.http.read-timeout",
                    "gs.http.max.retry",
                    "gs.http.transport.type",
                    "gs.retry.max-attempt",
                    "gs.retry.init-rpc-timeout",
                    "gs.retry.rpc-timeout-multiplier",
                    "gs.retry.max-rpc-timeout",
                    "gs.retry.total-timeout",
                    // reads and listings
                    "gs.inputstream.fadvise",
                    "gs.inputstream.min.range.request.size",
                    "gs.inputstream.inplace.seek.limit",
                    "gs.inputstream.fast.fail.on.not.found.enable",
                    "gs.inputstream.support.gzip.encoding.enable",
                    "gs.block.size",
                    "gs.list.max.items.per.call",
                    "gs.max.requests.per.batch",
                    "gs.batch.threads",
                    "gs.status.parallel.enable",
                    "gs.glob.algorithm",
                    "gs.marker.file.pattern",
                    "gs.performance.cache.enable",
                    "gs.performance.cache.max.entry.age.ms");

    /** The scheme the settings were checked for; null for {@link #CLUSTER}. */
    @Nullable private final String scheme;

    /** Flink configuration keys to values, sorted by key. */
    private final Map<String, String> flinkOptions;

    private StorageSettings(@Nullable String scheme, Map<String, String> flinkOptions) {
        this.scheme = scheme;
        this.flinkOptions = Collections.unmodifiableMap(new TreeMap<>(flinkOptions));
    }

    /**
     * The settings of a source reading {@code path}, from its storage options (keys without the
     * {@code storage.} prefix, e.g. {@code s3.endpoint}). Fails naming the option (never its value)
     * when a key is not one the file system of the path's scheme reads, or when the path's store
     * takes no per-source settings (yet).
     */
    public static StorageSettings of(String path, Map<String, String> storageOptions) {
        if (storageOptions.isEmpty()) {
            return CLUSTER;
        }
        String scheme = schemeOf(path);
        String firstKey = OPTION_PREFIX + new TreeMap<>(storageOptions).firstKey();
        if (scheme == null || scheme.equals("file")) {
            throw new IllegalArgumentException(
                    "Storage option '"
                            + firstKey
                            + "' does not apply to path '"
                            + path
                            + "': a path without a scheme or with file:// is read through the"
                            + " cluster's default or local file system, which takes no"
                            + " per-source storage settings");
        }
        KeyRules known = keysOf(scheme);
        if (known == null) {
            throw new IllegalArgumentException(
                    "Storage option '"
                            + firstKey
                            + "' for path '"
                            + path
                            + "': per-source storage settings are not supported "
                            + (NOT_YET.contains(scheme) ? "yet " : "")
                            + "for scheme '"
                            + scheme
                            + "' (supported: s3, s3a, s3p, wasb, wasbs, abfs, abfss, gs); configure"
                            + " its file system in Flink's configuration instead");
        }
        for (String key : new TreeMap<>(storageOptions).keySet()) {
            if (!known.matches(key)) {
                throw new IllegalArgumentException(
                        "Unknown storage option '"
                                + OPTION_PREFIX
                                + key
                                + "' for path '"
                                + path
                                + "' (scheme '"
                                + scheme
                                + "'). Expected one of: "
                                + known.describe(OPTION_PREFIX));
            }
        }
        return new StorageSettings(scheme, storageOptions);
    }

    /** The keys the file system of a scheme reads, or null for a scheme without settings. */
    @Nullable
    private static KeyRules keysOf(String scheme) {
        if (scheme.equals("s3p")) {
            return S3_COMMON_KEYS;
        }
        if (S3_SCHEMES.contains(scheme)) {
            return S3_HADOOP_KEYS;
        }
        if (AZURE_SCHEMES.contains(scheme)) {
            return AZURE_KEYS;
        }
        return scheme.equals(GS_SCHEME) ? GS_KEYS : null;
    }

    /** The lower-case scheme of a path string ({@code s3://b/k} is s3), or null without one. */
    @Nullable
    static String schemeOf(String path) {
        Matcher m = SCHEME.matcher(path.trim());
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** Whether the value of a storage option is a secret that must never be printed. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret")
                || k.contains("password")
                || k.contains("token")
                || k.contains("credential")
                || k.contains("key")
                || k.contains("sas");
    }

    /** Whether the source uses the cluster's file systems (it has no settings of its own). */
    public boolean isCluster() {
        return flinkOptions.isEmpty();
    }

    /** The settings under the keys of Flink's configuration, sorted by key. */
    public Map<String, String> flinkOptions() {
        return flinkOptions;
    }

    /**
     * The file system to open {@code path} with: Flink's, as the cluster configured it, for a
     * source without settings; else the source's own, made once per JVM for the path's scheme and
     * authority and these settings. Any thread.
     */
    public FileSystem fileSystem(Path path) throws IOException {
        if (isCluster()) {
            return path.getFileSystem();
        }
        return SourceFileSystems.get(path.toUri(), this);
    }

    /** The values of a file system error's messages hold no secrets of these settings. */
    String mask(String text) {
        String masked = text;
        for (Map.Entry<String, String> e : flinkOptions.entrySet()) {
            if (isSecretKey(e.getKey()) && !e.getValue().isEmpty()) {
                masked = masked.replace(e.getValue(), "******");
            }
        }
        return masked;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StorageSettings)) {
            return false;
        }
        StorageSettings that = (StorageSettings) o;
        return Objects.equals(scheme, that.scheme) && flinkOptions.equals(that.flinkOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, flinkOptions);
    }

    /** The settings with the values of secrets masked. */
    @Override
    public String toString() {
        if (isCluster()) {
            return "StorageSettings{cluster}";
        }
        List<String> entries = new ArrayList<>();
        flinkOptions.forEach((k, v) -> entries.add(k + "=" + (isSecretKey(k) ? "******" : v)));
        return "StorageSettings{" + scheme + ": " + String.join(", ", entries) + "}";
    }

    /**
     * The keys a file system reads: exact keys, and templates in which {@code <name>} stands for
     * one or more characters other than whitespace and {@code [.<name>]} for an optional suffix.
     */
    private static final class KeyRules {
        private final List<String> templates;
        private final Pattern pattern;

        private KeyRules(List<String> templates, Pattern pattern) {
            this.templates = templates;
            this.pattern = pattern;
        }

        static KeyRules of(String... templates) {
            List<String> alternatives = new ArrayList<>();
            for (String template : templates) {
                alternatives.add(regex(template));
            }
            List<String> sorted = new ArrayList<>(new TreeSet<>(List.of(templates)));
            return new KeyRules(
                    Collections.unmodifiableList(sorted),
                    Pattern.compile(String.join("|", alternatives)));
        }

        private static String regex(String template) {
            StringBuilder regex = new StringBuilder();
            Matcher m = Pattern.compile("\\[\\.<[a-z]+>\\]|<[a-z]+>").matcher(template);
            int last = 0;
            while (m.find()) {
                regex.append(Pattern.quote(template.substring(last, m.start())));
                regex.append(m.group().startsWith("[") ? "(?:\\.\\S+)?" : "\\S+");
                last = m.end();
            }
            regex.append(Pattern.quote(template.substring(last)));
            return "(?:" + regex + ")";
        }

        boolean matches(String key) {
            return pattern.matcher(key).matches();
        }

        String describe(String prefix) {
            List<String> keys = new ArrayList<>();
            templates.forEach(t -> keys.add(prefix + t));
            return String.join(", ", keys);
        }
    }
}
