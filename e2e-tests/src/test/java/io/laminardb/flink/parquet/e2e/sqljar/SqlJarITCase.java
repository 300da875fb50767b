package io.laminardb.flink.parquet.e2e.sqljar;

import io.laminardb.flink.parquet.testutils.AzuriteServer;
import io.laminardb.flink.parquet.testutils.GcsTestServer;
import io.laminardb.flink.parquet.testutils.S3ProxyServer;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.plugin.DefaultPluginManager;
import org.apache.flink.core.plugin.DirectoryBasedPluginFinder;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs SQL with the shaded SQL jar the way a Flink installation would, each scenario in its own JVM
 * ({@link SqlJarProgram}) whose class path holds Flink (this module's test class path without the
 * connector, parquet-java, lz4-java and the connector's other dependencies), Hadoop (as
 * HADOOP_CLASSPATH), and what the scenario adds. The jar's path and the class paths come from the
 * build (see the pom).
 *
 * <ul>
 *   <li>In {@code lib/} alone: no parquet-java anywhere but relocated inside the jar; files of
 *       every codec Flink can read without extra jars.
 *   <li>In {@code lib/} next to Flink's own flink-sql-parquet (parquet-java 1.15.2, unrelocated):
 *       both readers answer the same query over the same files, each with its own parquet-java.
 *   <li>Through {@code ADD JAR}, with flink-sql-parquet in {@code lib/}: the jar is loaded by the
 *       job's child-first user class loader.
 *   <li>Over S3: a table on {@code s3://} with its own {@code storage.s3.*} options, against
 *       S3Proxy in this JVM, with Flink's S3 file system in a {@code plugins/} directory (the
 *       cluster's configuration has no S3 settings).
 *   <li>Over Azure Blob Storage and GCS: a {@code wasb://} table against Azurite and a {@code
 *       gs://} table against the GCS test server, in one query, each with its own {@code storage.*}
 *       options, Flink's Azure and GCS file systems in {@code plugins/}.
 * </ul>
 */
class SqlJarITCase {

    private static final int ROWS = 1000;

    private static final MessageType SCHEMA =
            MessageTypeParser.parseMessageType(
                    "message trades { required int64 id; required binary name (STRING);"
                            + " optional double price; }");

    /** The codecs parquet-java reads with the jar, Flink and Hadoop (no LZO or Brotli jars). */
    private static final List<CompressionCodecName> CODECS =
            List.of(
                    CompressionCodecName.UNCOMPRESSED,
                    CompressionCodecName.SNAPPY,
                    CompressionCodecName.GZIP,
                    CompressionCodecName.ZSTD,
                    CompressionCodecName.LZ4,
                    CompressionCodecName.LZ4_RAW);

    private static final String FACTORY =
            "io.laminardb.flink.parquet.table.ParquetDynamicTableFactory";
    private static final String SINK_FACTORY =
            "io.laminardb.flink.parquet.table.ArrowIpcTableSinkFactory";
    private static final String ARROW_WRITER = "org.apache.arrow.vector.ipc.ArrowStreamWriter";
    private static final String RELOCATED_ARROW_WRITER =
            "io.laminardb.flink.parquet.shaded.org.apache.arrow.vector.ipc.ArrowStreamWriter";
    private static final String PARQUET_READER = "org.apache.parquet.hadoop.ParquetFileReader";
    private static final String RELOCATED_READER =
            "io.laminardb.flink.parquet.shaded.org.apache.parquet.hadoop.ParquetFileReader";

    @TempDir static Path dir;

    private static Path sqlJar;
    private static Path flinkSqlParquet;
    private static List<String> flinkClasspath;
    private static List<String> hadoopClasspath;

    @BeforeAll
    static void setUp() throws IOException {
        sqlJar = Paths.get(property("sqljar.jar"));
        flinkSqlParquet = Paths.get(property("sqljar.flink-sql-parquet"));
        assertThat(sqlJar).as("the shaded SQL jar (built before this module)").isRegularFile();
        assertThat(flinkSqlParquet).isRegularFile();
        sqlJar = sqlJar.toRealPath();
        flinkSqlParquet = flinkSqlParquet.toRealPath();
        flinkClasspath = readClasspath(property("sqljar.flink-classpath"));
        flinkClasspath.add(property("sqljar.test-classes"));
        hadoopClasspath = readClasspath(property("sqljar.hadoop-classpath"));
        // The stand-in distribution must not smuggle in what the jar is meant to bring.
        assertThat(flinkClasspath)
                .noneMatch(
                        e ->
                                e.contains("/io/laminardb/")
                                        || e.contains("flink-connector-laminar-parquet")
                                        || e.contains("/org/apache/parquet/")
                                        || e.contains("/org/apache/arrow/")
                                        || e.contains("/org/apache/hadoop/")
                                        || e.contains("/org/lz4/")
                                        || e.contains("zstd-jni")
                                        || e.contains("flink-parquet"));
        assertThat(hadoopClasspath).isNotEmpty().noneMatch(e -> e.contains("parquet"));
        for (CompressionCodecName codec : CODECS) {
            writeFile(dir.resolve(name(codec)).resolve("part-0.parquet"), codec);
        }
    }

    @Test
    void readsEveryCodecWithOnlyTheJarInLib() throws Exception {
        List<String> statements = new ArrayList<>();
        statements.add("ORIGIN " + FACTORY);
        statements.add("ORIGIN " + RELOCATED_READER);
        statements.add("ORIGIN " + PARQUET_READER);
        List<String> selects = new ArrayList<>();
        for (CompressionCodecName codec : CODECS) {
            statements.add(createTable("t_" + name(codec), "parquet", dir.resolve(name(codec))));
            selects.add(aggregate("'" + name(codec) + "'", "t_" + name(codec), ""));
        }
        // A pushed-down filter goes through the relocated FilterApi and page index.
        selects.add(aggregate("'filtered'", "t_zstd", " WHERE id >= 900"));
        statements.add(String.join(" UNION ALL ", selects));

        List<String> output = run(classpath(sqlJar.toString()), statements);

        assertThat(origin(output, FACTORY)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, RELOCATED_READER)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, PARQUET_READER)).isEqualTo("<absent>");
        List<String> expected = new ArrayList<>();
        for (CompressionCodecName codec : CODECS) {
            expected.add(expectedRow(name(codec), 0));
        }
        expected.add(expectedRow("filtered", 900));
        assertThat(rows(output)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * {@code INSERT INTO} an {@code 'arrow-ipc'} table with only the jar in {@code lib/}: the jar's
     * relocated Arrow writes the files; Arrow Java (unrelocated, in this JVM) reads them back.
     */
    @Test
    void writesArrowIpcWithOnlyTheJarInLib() throws Exception {
        Path out = dir.resolve("arrow-out");
        List<String> output =
                run(
                        classpath(sqlJar.toString()),
                        List.of(
                                "ORIGIN " + SINK_FACTORY,
                                "ORIGIN " + ARROW_WRITER,
                                "ORIGIN " + RELOCATED_ARROW_WRITER,
                                createTable("ours", "parquet", dir.resolve("zstd")),
                                "CREATE TABLE arrow_out (id BIGINT, name STRING, price DOUBLE)"
                                        + " WITH ('connector' = 'arrow-ipc', 'path' = '"
                                        + out.toUri()
                                        + "', 'sink.batch-size' = '128')",
                                "INSERT INTO arrow_out SELECT * FROM ours"));

        assertThat(origin(output, SINK_FACTORY)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, RELOCATED_ARROW_WRITER)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, ARROW_WRITER)).isEqualTo("<absent>");
        List<String> read = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.collect(Collectors.toList());
        }
        assertThat(files)
                .isNotEmpty()
                .allMatch(f -> f.getFileName().toString().endsWith(".arrows"));
        try (BufferAllocator allocator = new RootAllocator()) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file);
                        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    while (reader.loadNextBatch()) {
                        for (int i = 0; i < root.getRowCount(); i++) {
                            read.add(
                                    ((BigIntVector) root.getVector("id")).get(i)
                                            + "|"
                                            + root.getVector("name").getObject(i)
                                            + "|"
                                            + ((Float8Vector) root.getVector("price")).get(i));
                        }
                    }
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            expected.add((long) i + "|" + name(i) + "|" + price(i));
        }
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void sitsInLibNextToFlinkSqlParquet() throws Exception {
        List<String> output =
                run(
                        classpath(flinkSqlParquet.toString(), sqlJar.toString()),
                        List.of(
                                "ORIGIN " + FACTORY,
                                "ORIGIN " + PARQUET_READER,
                                "ORIGIN " + RELOCATED_READER,
                                createTable("ours", "parquet", dir.resolve("snappy")),
                                createTable("flinks", "filesystem", dir.resolve("snappy")),
                                aggregate("'ours'", "ours", "")
                                        + " UNION ALL "
                                        + aggregate("'flinks'", "flinks", "")));

        assertThat(origin(output, FACTORY)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, RELOCATED_READER)).isEqualTo(sqlJar.toString());
        assertThat(origin(output, PARQUET_READER)).isEqualTo(flinkSqlParquet.toString());
        assertThat(rows(output))
                .containsExactlyInAnyOrder(expectedRow("ours", 0), expectedRow("flinks", 0));
    }

    @Test
    void loadsThroughAddJarNextToFlinkSqlParquet() throws Exception {
        List<String> output =
                run(
                        classpath(flinkSqlParquet.toString()),
                        List.of(
                                "ORIGIN " + FACTORY,
                                "ADD JAR '" + sqlJar + "'",
                                createTable("ours", "parquet", dir.resolve("snappy")),
                                createTable("ours_zstd", "parquet", dir.resolve("zstd")),
                                createTable("flinks", "filesystem", dir.resolve("snappy")),
                                aggregate("'ours'", "ours", "")
                                        + " UNION ALL "
                                        + aggregate("'ours_zstd'", "ours_zstd", "")
                                        + " UNION ALL "
                                        + aggregate("'flinks'", "flinks", "")));

        // Not on the class path: the factory can only have come from the added jar.
        assertThat(origin(output, FACTORY)).isEqualTo("<absent>");
        // ZSTD only for ours: the jar's zstd-jni is in the job's class loader, which Flink's
        // format in lib/ cannot see (it would need zstd-jni in lib/ itself).
        assertThat(rows(output))
                .containsExactlyInAnyOrder(
                        expectedRow("ours", 0),
                        expectedRow("ours_zstd", 0),
                        expectedRow("flinks", 0));
    }

    @Test
    void withoutHadoopPlanningSaysWhatToDo() throws Exception {
        List<String> entries = new ArrayList<>(flinkClasspath);
        entries.add(sqlJar.toString());
        Result result =
                start(
                        String.join(File.pathSeparator, entries),
                        Map.of(),
                        List.of(
                                createTable("ours", "parquet", dir.resolve("snappy")),
                                aggregate("'ours'", "ours", "")));
        assertThat(result.exitCode).as("exit code; output:\n%s", result.tail()).isNotZero();
        assertThat(String.join("\n", result.output))
                .contains("Reading Parquet needs Hadoop's classes")
                .contains("HADOOP_CLASSPATH");
    }

    @Test
    void readsAnS3TableWithPerTableStorageOptions() throws Exception {
        Path plugins = Paths.get(property("sqljar.plugins"));
        assertThat(plugins.resolve("s3-fs-hadoop")).isDirectory();
        S3ProxyServer s3 = new S3ProxyServer("sqljar-access", "sqljar-secret");
        s3.start();
        try {
            s3.createBucket("sqljar");
            s3.put(
                    "sqljar",
                    "trades/part-0.parquet",
                    Files.readAllBytes(dir.resolve("zstd").resolve("part-0.parquet")));
            String table =
                    "CREATE TABLE s3_trades (id BIGINT, name STRING, price DOUBLE) WITH ("
                            + " 'connector' = 'parquet', 'path' = 's3://sqljar/trades/',"
                            + " 'storage.s3.endpoint' = '"
                            + s3.endpoint()
                            + "', 'storage.s3.path.style.access' = 'true',"
                            + " 'storage.s3.access-key' = '"
                            + s3.accessKey()
                            + "', 'storage.s3.secret-key' = '"
                            + s3.secretKey()
                            + "')";
            List<String> output =
                    run(
                            classpath(sqlJar.toString()),
                            Map.of("FLINK_PLUGINS_DIR", plugins.toString()),
                            List.of(
                                    "INIT_FILESYSTEMS",
                                    "ORIGIN " + FACTORY,
                                    table,
                                    aggregate("'s3'", "s3_trades", "")
                                            + " UNION ALL "
                                            + aggregate(
                                                    "'s3 filtered'",
                                                    "s3_trades",
                                                    " WHERE id >= 900")));
            assertThat(origin(output, FACTORY)).isEqualTo(sqlJar.toString());
            assertThat(rows(output))
                    .containsExactlyInAnyOrder(
                            expectedRow("s3", 0), expectedRow("s3 filtered", 900));
            assertThat(String.join("\n", output)).doesNotContain(s3.secretKey());
        } finally {
            s3.stop();
        }
    }

    /**
     * One query over a {@code wasb://} table (Azurite, its account key as the table's {@code
     * storage.azure.*} option) and a {@code gs://} table (the GCS test server, its endpoint as the
     * table's {@code storage.gs.*} options), with Flink's Azure and GCS file systems in {@code
     * plugins/} and no store settings in the cluster's configuration.
     */
    @Test
    void readsAzureAndGcsTablesWithPerTableStorageOptions() throws Exception {
        Path plugins = Paths.get(property("sqljar.plugins"));
        assertThat(plugins.resolve("azure-fs-hadoop")).isDirectory();
        assertThat(plugins.resolve("gs-fs-hadoop")).isDirectory();
        byte[] file = Files.readAllBytes(dir.resolve("zstd").resolve("part-0.parquet"));
        AzuriteServer azurite = new AzuriteServer();
        GcsTestServer gcs = new GcsTestServer();
        azurite.start();
        try {
            gcs.start();
            String wasbRoot = azurite.wasbRoot("sqljar");
            uploadToAzure(plugins, azurite, wasbRoot + "trades/part-0.parquet", file);
            gcs.createBucket("sqljar");
            gcs.put("sqljar", "trades/part-0.parquet", file);
            String azureTable =
                    "CREATE TABLE wasb_trades (id BIGINT, name STRING, price DOUBLE) WITH ("
                            + " 'connector' = 'parquet', 'path' = '"
                            + wasbRoot
                            + "trades/', 'storage."
                            + azurite.accountKeyOption()
                            + "' = '"
                            + azurite.accountKey()
                            + "')";
            String gcsTable =
                    "CREATE TABLE gs_trades (id BIGINT, name STRING, price DOUBLE) WITH ("
                            + " 'connector' = 'parquet', 'path' = 'gs://sqljar/trades/',"
                            + " 'storage.gs.storage.root.url' = '"
                            + gcs.rootUrl()
                            + "', 'storage.gs.project.id' = 'sqljar',"
                            + " 'storage.gs.auth.service.account.enable' = 'false',"
                            + " 'storage.gs.auth.null.enable' = 'true')";
            List<String> output =
                    run(
                            classpath(sqlJar.toString()),
                            Map.of("FLINK_PLUGINS_DIR", plugins.toString()),
                            // *.blob.localhost does not resolve here: Azurite serves requests in
                            // proxy form, so the program's JVM sends HTTP to it as its proxy
                            // (not those to 127.0.0.1, the GCS server's address).
                            List.of(
                                    "-Dhttp.proxyHost=127.0.0.1",
                                    "-Dhttp.proxyPort=" + azurite.port(),
                                    "-Dhttp.nonProxyHosts=localhost|127.*"),
                            List.of(
                                    "INIT_FILESYSTEMS",
                                    "ORIGIN " + FACTORY,
                                    azureTable,
                                    gcsTable,
                                    aggregate("'wasb'", "wasb_trades", "")
                                            + " UNION ALL "
                                            + aggregate(
                                                    "'wasb filtered'",
                                                    "wasb_trades",
                                                    " WHERE id >= 900")
                                            + " UNION ALL "
                                            + aggregate("'gs'", "gs_trades", "")
                                            + " UNION ALL "
                                            + aggregate(
                                                    "'gs filtered'",
                                                    "gs_trades",
                                                    " WHERE id >= 900")));
            assertThat(origin(output, FACTORY)).isEqualTo(sqlJar.toString());
            assertThat(rows(output))
                    .containsExactlyInAnyOrder(
                            expectedRow("wasb", 0),
                            expectedRow("wasb filtered", 900),
                            expectedRow("gs", 0),
                            expectedRow("gs filtered", 900));
            assertThat(String.join("\n", output)).doesNotContain(azurite.accountKey());
            assertThat(gcs.calls()).contains("media");
            assertThat(gcs.unknownRequests())
                    .as("requests the GCS server does not serve")
                    .isEmpty();
        } finally {
            gcs.stop();
            azurite.stop();
        }
    }

    /**
     * Writes a blob through Flink's Azure file system (the plugin loaded from {@code plugins/}, as
     * the program's JVM loads it), with the account key in this JVM's file system configuration
     * only while it writes.
     */
    private static void uploadToAzure(Path plugins, AzuriteServer azurite, String uri, byte[] bytes)
            throws IOException {
        Configuration withKey = new Configuration();
        withKey.setString(azurite.accountKeyOption(), azurite.accountKey());
        FileSystem.initialize(
                withKey,
                new DefaultPluginManager(
                        new DirectoryBasedPluginFinder(plugins).findPlugins(),
                        CoreOptions.getPluginParentFirstLoaderPatterns(withKey)));
        try {
            org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(uri);
            FileSystem fs = path.getFileSystem();
            // creates the container (WASB cannot create a blob in a container not there yet)
            assertThat(fs.mkdirs(path.getParent())).isTrue();
            try (OutputStream out = fs.create(path, WriteMode.OVERWRITE)) {
                out.write(bytes);
            }
        } finally {
            FileSystem.initialize(new Configuration(), null);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static String createTable(String table, String connector, Path path) {
        String format = connector.equals("filesystem") ? ", 'format' = 'parquet'" : "";
        return "CREATE TABLE "
                + table
                + " (id BIGINT, name STRING, price DOUBLE) WITH ('connector' = '"
                + connector
                + "', 'path' = '"
                + path.toUri()
                + "'"
                + format
                + ")";
    }

    private static String aggregate(String label, String table, String where) {
        return "SELECT "
                + label
                + ", COUNT(*), SUM(id), SUM(price), MIN(name), MAX(name), COUNT(DISTINCT name)"
                + " FROM "
                + table
                + where;
    }

    /** The aggregate row over the ids {@code fromId..ROWS-1} of one generated file. */
    private static String expectedRow(String label, int fromId) {
        long count = 0;
        long sumId = 0;
        double sumPrice = 0;
        List<String> names = new ArrayList<>();
        for (int i = fromId; i < ROWS; i++) {
            count++;
            sumId += i;
            sumPrice += price(i);
            names.add(name(i));
        }
        List<String> sorted = names.stream().sorted().collect(Collectors.toList());
        long distinct = names.stream().distinct().count();
        return String.join(
                "|",
                label,
                String.valueOf(count),
                String.valueOf(sumId),
                String.valueOf(sumPrice),
                sorted.get(0),
                sorted.get(sorted.size() - 1),
                String.valueOf(distinct));
    }

    private static void writeFile(Path file, CompressionCodecName codec) throws IOException {
        Files.createDirectories(file.getParent());
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> writer =
                ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withType(SCHEMA)
                        .withCompressionCodec(codec)
                        // Small pages and a page index, so the filtered query can skip pages.
                        .withPageRowCountLimit(100)
                        .withPageSize(1024)
                        .build()) {
            for (int i = 0; i < ROWS; i++) {
                writer.write(
                        groups.newGroup()
                                .append("id", (long) i)
                                .append("name", name(i))
                                .append("price", price(i)));
            }
        }
    }

    private static String name(int i) {
        return "name-" + (i % 97);
    }

    private static double price(int i) {
        return i * 0.25;
    }

    private static String name(CompressionCodecName codec) {
        return codec.name().toLowerCase(Locale.ROOT);
    }

    private static String classpath(String... extra) {
        List<String> entries = new ArrayList<>(flinkClasspath);
        entries.addAll(hadoopClasspath);
        entries.addAll(Arrays.asList(extra));
        return String.join(File.pathSeparator, entries);
    }

    /** Runs {@link SqlJarProgram} in a new JVM, checks it succeeded, returns its output lines. */
    private static List<String> run(String classpath, List<String> statements)
            throws IOException, InterruptedException {
        return run(classpath, Map.of(), statements);
    }

    /** As above, with these environment variables added. */
    private static List<String> run(
            String classpath, Map<String, String> env, List<String> statements)
            throws IOException, InterruptedException {
        return run(classpath, env, List.of(), statements);
    }

    /** As above, with these options of the program's JVM. */
    private static List<String> run(
            String classpath,
            Map<String, String> env,
            List<String> jvmOptions,
            List<String> statements)
            throws IOException, InterruptedException {
        Result result = start(classpath, env, jvmOptions, statements);
        assertThat(result.exitCode).as("exit code; output:\n%s", result.tail()).isZero();
        assertThat(result.output).as("output:\n%s", result.tail()).contains("DONE");
        return result.output;
    }

    /** How a run of {@link SqlJarProgram} ended. */
    private static final class Result {
        final int exitCode;
        final List<String> output;

        Result(int exitCode, List<String> output) {
            this.exitCode = exitCode;
            this.output = output;
        }

        String tail() {
            return String.join(
                    "\n", output.subList(Math.max(0, output.size() - 80), output.size()));
        }
    }

    private static Result start(String classpath, Map<String, String> env, List<String> statements)
            throws IOException, InterruptedException {
        return start(classpath, env, List.of(), statements);
    }

    private static Result start(
            String classpath,
            Map<String, String> env,
            List<String> jvmOptions,
            List<String> statements)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        // Short-lived: C1 alone starts the planner faster.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        String log4j = System.getProperty("log4j.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j.configurationFile=" + log4j);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(SqlJarProgram.class.getName());
        command.addAll(statements);

        Path log = Files.createTempFile(dir, "sqljar-", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean exited = process.waitFor(240, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        Result result =
                new Result(
                        exited ? process.exitValue() : -1,
                        Files.readAllLines(log, StandardCharsets.UTF_8));
        assertThat(exited).as("program finished within 240 s; output:\n%s", result.tail()).isTrue();
        return result;
    }

    private static List<String> rows(List<String> output) {
        return output.stream()
                .filter(l -> l.startsWith("ROW "))
                .map(l -> l.substring("ROW ".length()))
                .collect(Collectors.toList());
    }

    private static String origin(List<String> output, String className) {
        String prefix = "ORIGIN " + className + " ";
        return output.stream()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ORIGIN line for " + className));
    }

    private static List<String> readClasspath(String file) throws IOException {
        String text = Files.readString(Paths.get(file), StandardCharsets.UTF_8).trim();
        return new ArrayList<>(Arrays.asList(text.split(File.pathSeparator)));
    }

    private static String property(String key) {
        String value = System.getProperty(key);
        assertThat(value).as("system property %s (set by the build)", key).isNotBlank();
        return value;
    }
}
