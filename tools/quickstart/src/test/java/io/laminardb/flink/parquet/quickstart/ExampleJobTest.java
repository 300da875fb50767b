package io.laminardb.flink.parquet.quickstart;

import io.laminardb.flink.parquet.datagen.DataSetGenerator;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.DataSet;
import io.laminardb.flink.parquet.datagen.DataSetGenerator.Settings;
import io.laminardb.flink.parquet.datagen.TradeData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ExampleJob}'s command line and the logic that does not need a cluster. */
class ExampleJobTest {

    private static <T> T value(ParseResult parsed, String option) {
        return parsed.commandSpec().findOption(option).getValue();
    }

    @Test
    void defaults() {
        ParseResult parsed = ExampleJob.commandLine(new ExampleJob()).parseArgs();
        assertThat(ExampleJobTest.<Path>value(parsed, "--data"))
                .isEqualTo(Path.of("tools/quickstart/data"));
        assertThat(ExampleJobTest.<Long>value(parsed, "--rows")).isEqualTo(1_000_000L);
        assertThat(ExampleJobTest.<Integer>value(parsed, "--files")).isEqualTo(8);
        assertThat(ExampleJobTest.<Integer>value(parsed, "--parallelism")).isEqualTo(2);
        assertThat(ExampleJobTest.<Integer>value(parsed, "--show")).isEqualTo(20);
        assertThat(ExampleJobTest.<Progress.Mode>value(parsed, "--progress"))
                .isEqualTo(Progress.Mode.AUTO);
        assertThat(ExampleJobTest.<Path>value(parsed, "--sql")).isNull();
        assertThat(ExampleJobTest.<Boolean>value(parsed, "--batch")).isFalse();
    }

    @Test
    void laterDataWinsOverTheLaunchersAndEnumsIgnoreCase() {
        // tools/quickstart/run passes --data first; the user's arguments follow.
        ParseResult parsed =
                ExampleJob.commandLine(new ExampleJob())
                        .parseArgs(
                                "--data",
                                "/launcher/data",
                                "--data",
                                "mine",
                                "--progress",
                                "lines",
                                "-p",
                                "3",
                                "--sql",
                                "q.sql",
                                "--batch");
        assertThat(ExampleJobTest.<Path>value(parsed, "--data")).isEqualTo(Path.of("mine"));
        assertThat(ExampleJobTest.<Progress.Mode>value(parsed, "--progress"))
                .isEqualTo(Progress.Mode.LINES);
        assertThat(ExampleJobTest.<Integer>value(parsed, "--parallelism")).isEqualTo(3);
        assertThat(ExampleJobTest.<Path>value(parsed, "--sql")).isEqualTo(Path.of("q.sql"));
        assertThat(ExampleJobTest.<Boolean>value(parsed, "--batch")).isTrue();
    }

    @Test
    void rejectsBadValuesBeforeRunningAnything() {
        assertThat(errorOf("--show", "-1")).startsWith("--show must not be negative");
        assertThat(errorOf("--parallelism", "0")).startsWith("--parallelism must be at least 1");
        assertThat(errorOf("--progress", "fancy")).contains("--progress").contains("fancy");
        assertThat(errorOf("--rows", "many")).contains("--rows").contains("many");
        assertThat(errorOf("--no-such-option")).contains("--no-such-option");
    }

    /** The error that the command line reports for {@code args}, which must exit with 2. */
    private static String errorOf(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = ExampleJob.commandLine(new ExampleJob());
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        assertThat(cli.execute(args)).as("exit code of %s", List.of(args)).isEqualTo(2);
        return err.toString();
    }

    private static int execute(String... args) {
        CommandLine cli = ExampleJob.commandLine(new ExampleJob());
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli.execute(args);
    }

    @Test
    void printSqlWritesAScriptThatSqlRunsAsTableAndQuery() throws Exception {
        // The README's way to start your own SQL: --print-sql > my.sql, then --sql my.sql.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            exit = execute("--print-sql", "--data", "/some/data", "--batch-size", "1024");
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isZero();
        List<SqlScript.Statement> statements =
                SqlScript.split(bytes.toString(StandardCharsets.UTF_8));
        assertThat(statements).hasSize(2);
        String create = statements.get(0).sql();
        assertThat(create)
                .startsWith("CREATE TABLE trades (")
                .contains("'connector' = 'parquet'")
                .contains("'path' = '" + Path.of("/some/data").toUri() + "'")
                .contains("'file.order' = 'name'")
                .contains("'batch.size' = '1024'");
        assertThat(ExampleJob.isQuery(create)).isFalse();
        assertThat(ExampleJob.isQuery(statements.get(1).sql())).isTrue();
    }

    @Test
    void writesAndReusesTheTradesOfTheSharedGenerator(@TempDir Path tmp) throws Exception {
        Settings settings = new Settings(3_000, 7, 500);
        DataSet job = ExampleJob.prepare(tmp.resolve("job"), settings, false, Progress.Mode.NONE);
        DataSet generator =
                DataSetGenerator.generate(
                        tmp.resolve("generator"), TradeData.SPEC, settings, true, n -> {});
        assertThat(job.reused()).isFalse();
        assertSameFiles(job, generator);
        assertThat(DataSetGenerator.existing(job.directory(), TradeData.SPEC, settings))
                .isNotNull();

        // The next run reuses them; --regenerate writes them again, the same.
        assertThat(
                        ExampleJob.prepare(job.directory(), settings, false, Progress.Mode.NONE)
                                .reused())
                .isTrue();
        DataSet again = ExampleJob.prepare(job.directory(), settings, true, Progress.Mode.NONE);
        assertThat(again.reused()).isFalse();
        assertSameFiles(again, generator);
    }

    private static void assertSameFiles(DataSet a, DataSet b) throws Exception {
        assertThat(a.files()).hasSameSizeAs(b.files());
        for (int i = 0; i < a.files().size(); i++) {
            assertThat(a.directory().relativize(a.files().get(i)))
                    .isEqualTo(b.directory().relativize(b.files().get(i)));
            assertThat(Files.readAllBytes(a.files().get(i)))
                    .isEqualTo(Files.readAllBytes(b.files().get(i)));
        }
    }

    @Test
    void isQuery() {
        assertThat(ExampleJob.isQuery("SELECT 1")).isTrue();
        assertThat(ExampleJob.isQuery("  select * from t")).isTrue();
        assertThat(ExampleJob.isQuery("WITH a AS (SELECT 1) SELECT * FROM a")).isTrue();
        assertThat(ExampleJob.isQuery("VALUES (1), (2)")).isTrue();
        assertThat(ExampleJob.isQuery("(SELECT 1) UNION ALL (SELECT 2)")).isTrue();
        assertThat(ExampleJob.isQuery("TABLE t")).isTrue();
        assertThat(ExampleJob.isQuery("INSERT INTO s SELECT * FROM t")).isFalse();
        assertThat(ExampleJob.isQuery("EXECUTE STATEMENT SET BEGIN INSERT INTO s VALUES (1); END"))
                .isFalse();
        assertThat(ExampleJob.isQuery("CREATE TABLE t (x INT)")).isFalse();
    }
}
