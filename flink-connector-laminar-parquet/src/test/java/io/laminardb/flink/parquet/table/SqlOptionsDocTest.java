package io.laminardb.flink.parquet.table;

import io.laminardb.flink.parquet.source.ParquetSourceOptions;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/sql.md lists exactly the options the factory accepts, with their defaults. */
class SqlOptionsDocTest {

    private static final Path DOC = Path.of("..", "docs", "sql.md");
    private static final Pattern ROW =
            Pattern.compile("^\\| `([^`]+)` \\| ([^|]+) \\| ([^|]+) \\|");

    @Test
    void documentedOptionsAreTheFactorysOptions() throws Exception {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## Options"), doc.indexOf("## Columns"));
        Set<String> documented = new TreeSet<>();
        for (String line : section.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                documented.add(m.group(1));
                ConfigOption<?> option = option(m.group(1));
                if (option != null && option.hasDefaultValue()) {
                    assertThat(m.group(3).trim())
                            .as("documented default of %s", m.group(1))
                            .isEqualTo("`" + defaultText(option) + "`");
                }
            }
        }
        ParquetDynamicTableFactory factory = new ParquetDynamicTableFactory();
        Set<String> accepted = new TreeSet<>();
        accepted.add("connector");
        accepted.add(ParquetSourceOptions.STORAGE_PREFIX + "*");
        for (ConfigOption<?> option : all(factory)) {
            accepted.add(option.key());
            for (FallbackKey key : option.fallbackKeys()) {
                accepted.add(key.getKey());
            }
        }
        assertThat(documented).isEqualTo(accepted);
    }

    private static Set<ConfigOption<?>> all(ParquetDynamicTableFactory factory) {
        Set<ConfigOption<?>> options = new java.util.HashSet<>(factory.requiredOptions());
        options.addAll(factory.optionalOptions());
        return options;
    }

    private static ConfigOption<?> option(String key) {
        for (ConfigOption<?> option : all(new ParquetDynamicTableFactory())) {
            if (option.key().equals(key)) {
                return option;
            }
        }
        return null;
    }

    private static String defaultText(ConfigOption<?> option) {
        Object value = option.defaultValue();
        if (value instanceof java.time.Duration) {
            return ((java.time.Duration) value).toSeconds() + "s";
        }
        if (value instanceof Enum) {
            return ((Enum<?>) value).name().toLowerCase(java.util.Locale.ROOT);
        }
        return String.valueOf(value);
    }
}
