package io.laminardb.flink.parquet.testutils;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Flink's S3, Azure and GCS file systems (flink-s3-fs-hadoop, flink-s3-fs-presto,
 * flink-azure-fs-hadoop, flink-gs-fs-hadoop) loaded as Flink loads them, as plugins: the module's
 * build copies the jars into {@code target/plugins/<name>/} and gives the tests {@code
 * FLINK_PLUGINS_DIR} (the jars bundle unrelocated Hadoop, cloud SDKs and Guava, so they are never
 * on the test class path), and {@code FLINK_CONF_DIR} with a {@code config.yaml} that gives {@code
 * s3://}, which both S3 plugins serve, to the Hadoop one.
 */
public final class FlinkFsPlugins {

    /** The plugin directories the module's build prepares. */
    private static final List<String> PLUGINS =
            List.of("s3-fs-hadoop", "s3-fs-presto", "azure-fs-hadoop", "gs-fs-hadoop");

    private FlinkFsPlugins() {}

    /** The plugins directory; fails saying how to get one when it is not there. */
    public static Path pluginsDir() {
        String dir = System.getenv("FLINK_PLUGINS_DIR");
        for (String plugin : PLUGINS) {
            if (dir == null || !Files.isDirectory(Paths.get(dir, plugin))) {
                throw new IllegalStateException(
                        "FLINK_PLUGINS_DIR="
                                + dir
                                + " has no "
                                + plugin
                                + "/ plugin: run the test through Maven (the module's build"
                                + " prepares target/plugins/), or set FLINK_PLUGINS_DIR to a"
                                + " directory holding "
                                + plugin
                                + "/flink-"
                                + plugin
                                + "-*.jar");
            }
        }
        return Paths.get(dir);
    }

    /**
     * Initializes Flink's file systems JVM-wide, as a Flink process does at start, with the
     * configuration of {@code FLINK_CONF_DIR} plus the given cluster configuration, and the plugins
     * of {@link #pluginsDir()}.
     */
    public static void initializeFileSystems(Configuration clusterConfig) {
        pluginsDir();
        Configuration config = GlobalConfiguration.loadConfiguration();
        config.addAll(clusterConfig);
        FileSystem.initialize(config, PluginUtils.createPluginManagerFromRootFolder(config));
    }

    /** The cluster configuration of an S3 endpoint with path-style access and one key pair. */
    public static Configuration s3Config(S3ProxyServer s3) {
        return Configuration.fromMap(s3.storageOptions());
    }
}
