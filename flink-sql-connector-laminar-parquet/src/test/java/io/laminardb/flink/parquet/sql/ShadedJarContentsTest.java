package io.laminardb.flink.parquet.sql;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the packaged SQL jar: what it bundles, that every third-party class is relocated, and that
 * its service files name classes it holds. Runs after {@code package} (the jar's path comes in as
 * the system property {@code shaded.jar}).
 */
class ShadedJarContentsTest {

    private static final String SHADED = "io/laminardb/flink/parquet/shaded/";

    /** Where classes may live: our packages (with the relocated ones) and two justified others. */
    private static final List<String> ALLOWED_CLASS_PREFIXES =
            List.of(
                    "io/laminardb/flink/parquet/",
                    // Flink's own connector base, not third-party (see the pom).
                    "org/apache/flink/connector/base/",
                    // JNI: the native library names these classes, so they cannot move.
                    "com/github/luben/zstd/");

    /**
     * Packages that must only appear relocated, in entry names and inside class files (class
     * references and the class names parquet-java loads by reflection), in both spellings.
     */
    private static final List<String> RELOCATED_PACKAGES =
            List.of(
                    "org/apache/parquet/",
                    "shaded/parquet/",
                    "org/locationtech/jts/",
                    "io/airlift/compress/",
                    "org/apache/commons/pool/",
                    "org/apache/arrow/",
                    "com/google/flatbuffers/",
                    "com/fasterxml/jackson/",
                    "org/apache/commons/codec/");

    /** Never bundled: provided by the distribution or the environment (see the pom). */
    private static final List<String> NOT_BUNDLED =
            List.of(
                    "org/apache/hadoop/",
                    "net/jpountz/",
                    "org/xerial/snappy/",
                    "org/apache/avro/",
                    "org/apache/flink/formats/");

    private static Map<String, byte[]> entries;

    @BeforeAll
    static void readJar() throws IOException {
        String property = System.getProperty("shaded.jar");
        assertThat(property).as("system property shaded.jar").isNotBlank();
        Path jar = Paths.get(property);
        assertThat(jar).as("the shaded jar (run after package)").isRegularFile();
        // Hadoop alone would be ~50 MB: a jar this size means something slipped in.
        assertThat(Files.size(jar)).as("jar size in bytes").isLessThan(25L * 1024 * 1024);
        entries = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    @Test
    void everyClassIsOursRelocatedOrAllowed() {
        Set<String> misplaced = new TreeSet<>();
        for (String name : entries.keySet()) {
            if (name.endsWith(".class")
                    && ALLOWED_CLASS_PREFIXES.stream().noneMatch(name::startsWith)) {
                misplaced.add(name);
            }
        }
        assertThat(misplaced).as("classes outside the allowed packages").isEmpty();
    }

    @Test
    void bundlesTheConnectorAndItsRelocatedDependencies() {
        assertThat(entries.keySet())
                .contains(
                        "io/laminardb/flink/parquet/table/ParquetDynamicTableFactory.class",
                        "io/laminardb/flink/parquet/source/LaminarParquetSource.class",
                        "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
                        SHADED + "org/apache/parquet/hadoop/ParquetFileReader.class",
                        SHADED + "org/apache/parquet/hadoop/codec/SnappyCodec.class",
                        SHADED + "parquet/org/apache/thrift/TBase.class",
                        SHADED + "org/locationtech/jts/io/WKBReader.class",
                        SHADED + "io/airlift/compress/lz4/Lz4RawDecompressor.class",
                        SHADED + "org/apache/commons/pool/ObjectPool.class",
                        "com/github/luben/zstd/ZstdInputStreamNoFinalizer.class",
                        "io/laminardb/flink/parquet/table/ArrowIpcTableSinkFactory.class",
                        "io/laminardb/flink/parquet/arrow/ring0/Ring0Sink.class",
                        SHADED + "org/apache/arrow/vector/ipc/ArrowStreamWriter.class",
                        SHADED + "org/apache/arrow/memory/RootAllocator.class",
                        SHADED
                                + "org/apache/arrow/memory/unsafe/"
                                + "DefaultAllocationManagerFactory.class",
                        SHADED + "com/google/flatbuffers/FlatBufferBuilder.class",
                        "linux/amd64/libzstd-jni-1.5.7-15.so");
    }

    @Test
    void leavesOutWhatTheDistributionProvides() {
        Set<String> bundled = new TreeSet<>();
        for (String name : entries.keySet()) {
            for (String prefix : NOT_BUNDLED) {
                if (name.startsWith(prefix)) {
                    bundled.add(name);
                }
            }
        }
        assertThat(bundled).as("entries that must come from Flink or Hadoop").isEmpty();
    }

    @Test
    void noClassRefersToAnUnrelocatedPackage() {
        List<String> offenders = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (!entry.getKey().endsWith(".class")) {
                continue;
            }
            // Constant-pool strings are modified UTF-8: ASCII names read back as they are.
            String text = new String(entry.getValue(), StandardCharsets.ISO_8859_1);
            for (String pkg : RELOCATED_PACKAGES) {
                for (String spelling : List.of(pkg, pkg.replace('/', '.'))) {
                    if (containsUnrelocated(text, spelling)) {
                        offenders.add(entry.getKey() + " -> " + spelling);
                    }
                }
            }
        }
        assertThat(offenders).as("classes that name an unrelocated package").isEmpty();
    }

    @Test
    void registersTheTableFactories() {
        assertThat(serviceEntries("org.apache.flink.table.factories.Factory"))
                .containsExactlyInAnyOrder(
                        "io.laminardb.flink.parquet.table.ParquetDynamicTableFactory",
                        "io.laminardb.flink.parquet.table.ArrowIpcTableSinkFactory");
    }

    @Test
    void serviceFilesNameRelocatedInterfacesAndBundledClasses() {
        List<String> services = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (name.startsWith("META-INF/services/") && name.length() > 18) {
                services.add(name.substring("META-INF/services/".length()));
            }
        }
        assertThat(services).isNotEmpty();
        for (String service : services) {
            assertThat(service)
                    .as("service interface")
                    .satisfiesAnyOf(
                            s -> assertThat(s).startsWith("org.apache.flink."),
                            s -> assertThat(s).startsWith("io.laminardb.flink.parquet."));
            for (String implementation : serviceEntries(service)) {
                assertThat(entries.keySet())
                        .as("implementation of %s", service)
                        .contains(implementation.replace('.', '/') + ".class");
            }
        }
    }

    private static List<String> serviceEntries(String service) {
        byte[] bytes = entries.get("META-INF/services/" + service);
        assertThat(bytes).as("META-INF/services/%s", service).isNotNull();
        List<String> lines = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String trimmed = line.replaceAll("#.*", "").trim();
            if (!trimmed.isEmpty()) {
                lines.add(trimmed);
            }
        }
        return lines;
    }

    /**
     * Whether {@code pkg} occurs in {@code text} other than inside a relocated name. An occurrence
     * after a space, '=' or a quote is prose in a message (e.g. "Set
     * org.apache.parquet.bytes...DEBUG = true"), not a class name: those start a constant or follow
     * a descriptor character.
     */
    private static boolean containsUnrelocated(String text, String pkg) {
        // "shaded/parquet/" moved to "io/laminardb/flink/parquet/shaded/parquet/", the others
        // to "io/laminardb/flink/parquet/shaded/<pkg>".
        // parquet-java's own shaded copy of jackson ("shaded/parquet/com/fasterxml/jackson/")
        // moved with it, to "io/laminardb/flink/parquet/shaded/parquet/com/fasterxml/jackson/".
        String before = pkg.startsWith("shaded") ? "io/laminardb/flink/parquet/" : SHADED;
        String beforeParquets = SHADED + "parquet/";
        if (pkg.indexOf('.') >= 0) {
            before = before.replace('/', '.');
            beforeParquets = beforeParquets.replace('/', '.');
        }
        for (int at = text.indexOf(pkg); at >= 0; at = text.indexOf(pkg, at + 1)) {
            boolean relocated =
                    at >= before.length() && text.startsWith(before, at - before.length())
                            || at >= beforeParquets.length()
                                    && text.startsWith(
                                            beforeParquets, at - beforeParquets.length());
            // Arrow's "--add-opens=java.base/java.nio=org.apache.arrow.memory.core" (a module
            // name) and jackson's "extend 'com.fasterxml...StdSerializer'" are prose as well.
            boolean prose = at > 0 && " ='".indexOf(text.charAt(at - 1)) >= 0;
            if (!relocated && !prose) {
                return true;
            }
        }
        return false;
    }
}
