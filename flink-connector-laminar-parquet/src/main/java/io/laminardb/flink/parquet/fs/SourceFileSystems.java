package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystemFactory;
import org.apache.flink.core.fs.PluginFileSystemFactory;
import org.apache.flink.core.plugin.PluginManager;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.util.ExceptionUtils;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.annotation.Nullable;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The file systems of sources with storage settings of their own, one per scheme, authority
 * (bucket) and settings in a JVM, shared by every source and reader with equal settings.
 *
 * <p>Flink configures each file system factory once per process ({@code FileSystem.initialize}) and
 * caches one file system per scheme and authority ({@code FileSystem.get}), so a second set of
 * credentials for the same bucket, or a second endpoint, cannot go through it. This class does what
 * {@code FileSystem.get} does for a scheme, with a configuration of its own: it takes a fresh
 * instance of the scheme's {@link FileSystemFactory} (from the plugins directory, as Flink loads
 * plugins, or from the class path; of several for one scheme, the one Flink would choose),
 * configures it with the cluster's configuration ({@code FLINK_CONF_DIR}) plus the settings plus
 * the {@link ObjectStoreReadDefaults} neither sets, and creates the file system. Factories are
 * never shared with Flink's, so the cluster's own file systems are not touched.
 *
 * <p>Any thread; creation is serialized, look-ups are not.
 */
@Internal
final class SourceFileSystems {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFileSystems.class);

    private static final Map<Key, FileSystem> FILE_SYSTEMS = new ConcurrentHashMap<>();

    /** The plugins Flink loads (FLINK_PLUGINS_DIR), loaded once per JVM for these file systems. */
    @Nullable private static PluginManager pluginManager;

    @Nullable private static Configuration clusterConfig;

    private SourceFileSystems() {}

    /** The file system of a URI's scheme and authority with the given settings. */
    static FileSystem get(URI uri, StorageSettings settings) throws IOException {
        Key key = new Key(uri.getScheme(), uri.getAuthority(), settings);
        FileSystem fs = FILE_SYSTEMS.get(key);
        return fs != null ? fs : create(key, uri, settings);
    }

    private static synchronized FileSystem create(Key key, URI uri, StorageSettings settings)
            throws IOException {
        FileSystem existing = FILE_SYSTEMS.get(key);
        if (existing != null) {
            return existing;
        }
        String where =
                uri.getScheme() + "://" + (uri.getAuthority() == null ? "" : uri.getAuthority());
        Configuration config = new Configuration(clusterConfig());
        settings.flinkOptions().forEach(config::setString);
        ObjectStoreReadDefaults.applyTo(uri.getScheme(), config);
        FileSystemFactory factory = newFactory(uri.getScheme(), where, config);
        FileSystem fs;
        try {
            factory.configure(config);
            fs = factory.create(uri);
        } catch (IOException | RuntimeException e) {
            // The factory's messages may quote the configuration: they go through the mask, and
            // the cause is kept only when no secret is in it.
            IOException error =
                    new IOException(
                            "Cannot create the file system for "
                                    + where
                                    + " with the source's storage settings "
                                    + settings
                                    + ": "
                                    + settings.mask(String.valueOf(e)));
            String cause = ExceptionUtils.stringifyException(e);
            if (settings.mask(cause).equals(cause)) {
                error.initCause(e);
            }
            throw error;
        }
        LOG.info(
                "Created a file system of its own for {} with the source's storage settings {}"
                        + " ({})",
                where,
                settings,
                factory);
        FILE_SYSTEMS.put(key, fs);
        return fs;
    }

    /**
     * A fresh factory of the scheme, chosen as {@code FileSystem.initialize} chooses the factory of
     * a scheme: among the class path's factories and then the plugins' (wrapped to run with the
     * plugin's class loader), the one of the highest priority ({@code fs.<scheme>.priority.<factory
     * class>} in the configuration, else the factory's own), the later one at equal priority. So
     * with Flink's Hadoop and Presto S3 plugins both installed, {@code s3://} goes to the same
     * plugin for the source as for the cluster's jobs.
     */
    private static FileSystemFactory newFactory(String scheme, String where, Configuration config)
            throws IOException {
        FileSystemFactory chosen = null;
        int chosenPriority = Integer.MIN_VALUE;
        List<FileSystemFactory> candidates = new ArrayList<>();
        ServiceLoader.load(FileSystemFactory.class, SourceFileSystems.class.getClassLoader())
                .forEach(candidates::add);
        pluginManager()
                .load(FileSystemFactory.class)
                .forEachRemaining(f -> candidates.add(PluginFileSystemFactory.of(f)));
        for (FileSystemFactory factory : candidates) {
            if (!scheme.equalsIgnoreCase(factory.getScheme())) {
                continue;
            }
            String className =
                    factory instanceof PluginFileSystemFactory
                            ? ((PluginFileSystemFactory) factory)
                                    .getWrappedDelegate()
                                    .getClass()
                                    .getName()
                            : factory.getClass().getName();
            int priority =
                    config.getOptional(
                                    CoreOptions.fileSystemFactoryPriority(
                                            factory.getScheme(), className))
                            .orElse(factory.getPriority());
            if (priority >= chosenPriority) {
                chosen = factory;
                chosenPriority = priority;
            }
        }
        if (chosen != null) {
            return chosen;
        }
        throw new IOException(
                "No file system for scheme '"
                        + scheme
                        + "' to read "
                        + where
                        + " with the source's storage settings: put Flink's file system plugin for"
                        + " it into the plugins directory, plugins/<name>/ (for s3 and s3a:"
                        + " flink-s3-fs-hadoop; for s3 and s3p: flink-s3-fs-presto; for wasb, wasbs,"
                        + " abfs, abfss: flink-azure-fs-hadoop; for gs: flink-gs-fs-hadoop;"
                        + " FLINK_PLUGINS_DIR="
                        + System.getenv("FLINK_PLUGINS_DIR")
                        + ")");
    }

    private static synchronized Configuration clusterConfig() {
        if (clusterConfig == null) {
            clusterConfig = GlobalConfiguration.loadConfiguration();
        }
        return clusterConfig;
    }

    private static synchronized PluginManager pluginManager() {
        if (pluginManager == null) {
            pluginManager = PluginUtils.createPluginManagerFromRootFolder(clusterConfig());
        }
        return pluginManager;
    }

    /** How many file systems of their own sources have in this JVM. */
    @VisibleForTesting
    static int size() {
        return FILE_SYSTEMS.size();
    }

    /** Scheme, authority and settings. */
    private static final class Key {
        private final String scheme;
        @Nullable private final String authority;
        private final StorageSettings settings;

        Key(String scheme, @Nullable String authority, StorageSettings settings) {
            this.scheme = scheme;
            this.authority = authority;
            this.settings = settings;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key that = (Key) o;
            return scheme.equals(that.scheme)
                    && Objects.equals(authority, that.authority)
                    && settings.equals(that.settings);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scheme, authority, settings);
        }
    }
}
