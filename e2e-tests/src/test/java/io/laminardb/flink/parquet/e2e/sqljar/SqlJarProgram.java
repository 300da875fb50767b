package io.laminardb.flink.parquet.e2e.sqljar;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.plugin.PluginUtils;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The program {@link SqlJarITCase} runs in a separate JVM whose class path is a Flink
 * "distribution" plus whatever the scenario adds. Uses only Flink's API, so it links against no
 * connector class. Each argument is one SQL statement, run in order on a batch {@link
 * TableEnvironment} (an embedded MiniCluster), or a directive:
 *
 * <ul>
 *   <li>{@code ORIGIN <class>}: prints {@code ORIGIN <class> <location>} for where the JVM's class
 *       path finds it, or {@code <absent>}.
 *   <li>{@code INIT_FILESYSTEMS}: initializes Flink's file systems with the plugins of {@code
 *       FLINK_PLUGINS_DIR} and an empty configuration, as a Flink process does at start.
 * </ul>
 *
 * <p>{@code INSERT} statements run to the end before the next statement. Rows of queries print as
 * {@code ROW <field>|<field>|...}.
 */
public final class SqlJarProgram {

    private SqlJarProgram() {}

    public static void main(String[] args) throws Exception {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        // One slot's worth of work: the jobs are tiny and the machines have few cores.
        env.getConfig().set("table.exec.resource.default-parallelism", "1");
        for (String statement : args) {
            if (statement.equals("INIT_FILESYSTEMS")) {
                Configuration conf = new Configuration();
                FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
                continue;
            }
            if (statement.startsWith("ORIGIN ")) {
                String name = statement.substring("ORIGIN ".length());
                System.out.println("ORIGIN " + name + " " + origin(name));
                continue;
            }
            TableResult result = env.executeSql(statement);
            if (statement.trim().toUpperCase().startsWith("INSERT")) {
                result.await();
            }
            if (statement.trim().toUpperCase().startsWith("SELECT")) {
                try (CloseableIterator<Row> rows = result.collect()) {
                    while (rows.hasNext()) {
                        System.out.println("ROW " + format(rows.next()));
                    }
                }
            }
        }
        System.out.println("DONE");
    }

    private static String origin(String className) throws Exception {
        try {
            Class<?> type = Class.forName(className, false, SqlJarProgram.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            return source == null
                    ? "<unknown>"
                    : Paths.get(source.getLocation().toURI()).toRealPath().toString();
        } catch (ClassNotFoundException e) {
            return "<absent>";
        }
    }

    private static String format(Row row) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < row.getArity(); i++) {
            fields.add(String.valueOf(row.getField(i)));
        }
        return String.join("|", fields);
    }
}
