package io.laminardb.flink.parquet.quickstart;

import io.laminardb.flink.parquet.quickstart.SqlScript.Statement;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tests for {@link SqlScript}. */
class SqlScriptTest {

    private static List<String> sqlOf(String script) {
        return SqlScript.split(script).stream().map(Statement::sql).toList();
    }

    @Test
    void splitsAtSemicolonsAndTrims() {
        assertThat(SqlScript.split("SELECT 1;\n  SELECT 2 ;\nSELECT 3;"))
                .containsExactly(
                        new Statement("SELECT 1", 1),
                        new Statement("SELECT 2", 2),
                        new Statement("SELECT 3", 3));
    }

    @Test
    void keepsTheLastStatementWithoutSemicolon() {
        assertThat(SqlScript.split("SELECT 1;\nSELECT 2\n"))
                .containsExactly(new Statement("SELECT 1", 1), new Statement("SELECT 2", 2));
    }

    @Test
    void dropsEmptyAndBlankStatements() {
        assertThat(sqlOf(";;  ;\n\t;SELECT 1;;\n ; \n")).containsExactly("SELECT 1");
        assertThat(SqlScript.split("")).isEmpty();
        assertThat(SqlScript.split(" \n\t\r\n ")).isEmpty();
    }

    @Test
    void semicolonInStringLiteral() {
        assertThat(sqlOf("SELECT 'a;b', ';' FROM t; SELECT 2"))
                .containsExactly("SELECT 'a;b', ';' FROM t", "SELECT 2");
    }

    @Test
    void doubledQuoteInStringLiteral() {
        // 'it''s; fine' is one literal: the '' does not end it, nor does the ';'.
        assertThat(sqlOf("SELECT 'it''s; fine', '''';SELECT ''';'''"))
                .containsExactly("SELECT 'it''s; fine', ''''", "SELECT ''';'''");
        // For splitting, '' reads the same as a literal that ends and one that starts; where it
        // shows is where an unterminated literal starts: here on line 1, not at the '' on line 2.
        assertThatThrownBy(() -> SqlScript.split("SELECT 'a\n''b;"))
                .hasMessage("Unterminated ' quote starting on line 1");
        assertThatThrownBy(() -> SqlScript.split("SELECT `a\n``b;"))
                .hasMessage("Unterminated ` quote starting on line 1");
    }

    @Test
    void semicolonInQuotedIdentifiers() {
        assertThat(sqlOf("SELECT `a;b`, `x``;y` FROM t;SELECT \"c;d\", \"e\"\";f\" FROM u"))
                .containsExactly(
                        "SELECT `a;b`, `x``;y` FROM t", "SELECT \"c;d\", \"e\"\";f\" FROM u");
    }

    @Test
    void semicolonInLineComment() {
        assertThat(sqlOf("SELECT 1 -- one; two\nFROM t;\nSELECT 2 -- the end;"))
                .containsExactly("SELECT 1 -- one; two\nFROM t", "SELECT 2 -- the end;");
    }

    @Test
    void semicolonInBlockComment() {
        assertThat(sqlOf("SELECT /* a; 'b\n; c */ 1;SELECT /*+ OPTIONS('k'='v') */ 2"))
                .containsExactly("SELECT /* a; 'b\n; c */ 1", "SELECT /*+ OPTIONS('k'='v') */ 2");
    }

    @Test
    void commentMarkersInsideQuotesAreText() {
        assertThat(sqlOf("SELECT '--;', '/*;', `*/;`; SELECT 2"))
                .containsExactly("SELECT '--;', '/*;', `*/;`", "SELECT 2");
    }

    @Test
    void quotesInsideCommentsAreText() {
        assertThat(sqlOf("SELECT 1 -- don't\n; /* it's */ SELECT 2"))
                .containsExactly("SELECT 1 -- don't", "SELECT 2");
    }

    @Test
    void statementsOfOnlyCommentsAreDropped() {
        assertThat(sqlOf("-- just a note;\n;/* and; another */;\n-- last line")).isEmpty();
        assertThat(sqlOf("SELECT 1;\n-- trailing note\n/* block */\n")).containsExactly("SELECT 1");
    }

    @Test
    void statementStartsAtItsCodeNotAtTheCommentsBeforeIt() {
        // The OHLC query (and a file made with --print-sql) starts with comment lines: the
        // statement text must start with WITH, or it is not recognized as a query whose rows to
        // print, and its line must be where the code is.
        List<Statement> statements =
                SqlScript.split(
                        "CREATE TABLE t (x INT);\n\n"
                                + "-- A note.\n"
                                + "-- More; of it.\n"
                                + "/* a block\n   comment */\n"
                                + "WITH w AS (SELECT 1)\nSELECT * FROM w;\n");
        assertThat(statements)
                .containsExactly(
                        new Statement("CREATE TABLE t (x INT)", 1),
                        new Statement("WITH w AS (SELECT 1)\nSELECT * FROM w", 7));
        assertThat(ExampleJob.isQuery(statements.get(1).sql())).isTrue();
    }

    @Test
    void windowsLineEndings() {
        List<Statement> statements =
                SqlScript.split(
                        "-- first;\r\nSELECT 'a;\r\nb'\r\nFROM t;\r\n\r\n"
                                + "SELECT 2 -- c\r\n;\r\nSELECT 3\r\n");
        assertThat(statements)
                .containsExactly(
                        new Statement("SELECT 'a;\r\nb'\r\nFROM t", 2),
                        new Statement("SELECT 2 -- c", 6),
                        new Statement("SELECT 3", 8));
    }

    @Test
    void linesCountInsideQuotesAndComments() {
        assertThat(SqlScript.split("SELECT 'a\nb'; /*\n\n*/ SELECT `c\nd`;\n\nSELECT 3"))
                .extracting(Statement::line)
                .containsExactly(1, 4, 7);
    }

    @Test
    void statementSetIsOneStatement() {
        assertThat(
                        sqlOf(
                                "CREATE TABLE s (x INT);\n"
                                        + "execute Statement SET\nbegin\n"
                                        + "  INSERT INTO s VALUES (1); -- end; not yet\n"
                                        + "  INSERT INTO s SELECT * FROM `end`;\n"
                                        + "  INSERT INTO s VALUES ('END');\n"
                                        + "END;\n"
                                        + "SELECT * FROM s;"))
                .containsExactly(
                        "CREATE TABLE s (x INT)",
                        "execute Statement SET\nbegin\n"
                                + "  INSERT INTO s VALUES (1); -- end; not yet\n"
                                + "  INSERT INTO s SELECT * FROM `end`;\n"
                                + "  INSERT INTO s VALUES ('END');\n"
                                + "END",
                        "SELECT * FROM s");
    }

    @Test
    void unterminatedQuoteOrCommentIsAnError() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'a;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unterminated ' quote starting on line 2");
        assertThatThrownBy(() -> SqlScript.split("SELECT `a"))
                .hasMessage("Unterminated ` quote starting on line 1");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\n\n/* a; */ /* b;"))
                .hasMessage("Unterminated /* comment starting on line 3");
    }

    @Test
    void theExampleSqlSplitsIntoItsTwoStatements() throws Exception {
        // What tools/quickstart/run --print-sql writes and --sql reads back.
        String script =
                "CREATE TABLE trades (id BIGINT) WITH ('connector' = 'parquet');\n\n"
                        + ExampleJob.ohlcQuery()
                        + ";";
        List<String> statements = sqlOf(script);
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1))
                .startsWith("WITH windowed AS (")
                .endsWith("c.symbol = b.symbol");
        assertThat(ExampleJob.isQuery(statements.get(1))).isTrue();
    }
}
