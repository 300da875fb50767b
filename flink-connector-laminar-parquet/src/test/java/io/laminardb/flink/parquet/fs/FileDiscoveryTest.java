package io.laminardb.flink.parquet.fs;

import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.local.LocalFileSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests of {@link FileDiscovery} on the local file system. The files need not be Parquet files:
 * discovery only lists.
 */
class FileDiscoveryTest {

    @TempDir Path dir;

    @Test
    void findsASingleFile() throws IOException {
        Path file = touch("year=2024/a.parquet", "abc");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_600_000_000_000L));

        List<DiscoveredFile> files =
                new FileDiscovery(file.toString(), true).discover(FileOrder.NAME);

        assertThat(files).hasSize(1);
        DiscoveredFile found = files.get(0);
        assertThat(found.path().toUri().getPath()).isEqualTo(file.toString());
        assertThat(found.size()).isEqualTo(3L);
        assertThat(found.modificationTime()).isEqualTo(1_600_000_000_000L);
        // 'year=2024' is above the root (the file itself): not a partition of it
        assertThat(found.partitionValues()).isEmpty();
    }

    @Test
    void walksADirectoryTreeRecursively() throws IOException {
        touch("a.parquet");
        touch("sub/b.parquet");
        touch("sub/deeper/deepest/c.parquet");
        Files.createDirectories(dir.resolve("empty/dir"));

        assertThat(relativePaths(discover(dir.toString(), FileOrder.NAME)))
                .containsExactly("a.parquet", "sub/b.parquet", "sub/deeper/deepest/c.parquet");
    }

    @Test
    void ordersByName() throws IOException {
        touch("c.parquet");
        touch("a/z.parquet");
        touch("b.parquet");
        touch("a/b.parquet");
        touch("a.parquet");

        assertThat(relativePaths(discover(dir.toString(), FileOrder.NAME)))
                .containsExactly(
                        "a.parquet", "a/b.parquet", "a/z.parquet", "b.parquet", "c.parquet");
    }

    @Test
    void ordersByModificationTimeThenByPath() throws IOException {
        mtime(touch("a.parquet"), 3_000L);
        mtime(touch("b.parquet"), 1_000L);
        mtime(touch("sub/c.parquet"), 2_000L);
        mtime(touch("sub/a.parquet"), 1_000L); // same mtime as b: ordered by path

        List<DiscoveredFile> files = discover(dir.toString(), FileOrder.MODIFICATION_TIME);

        assertThat(relativePaths(files))
                .containsExactly("b.parquet", "sub/a.parquet", "sub/c.parquet", "a.parquet");
        assertThat(files)
                .extracting(DiscoveredFile::modificationTime)
                .containsExactly(1_000L, 1_000L, 2_000L, 3_000L);
    }

    @Test
    void unorderedFindsEveryFile() throws IOException {
        touch("b.parquet");
        touch("a/c.parquet");
        touch("a.parquet");

        assertThat(relativePaths(discover(dir.toString(), FileOrder.UNORDERED)))
                .containsExactlyInAnyOrder("a.parquet", "a/c.parquet", "b.parquet");
    }

    @Test
    void skipsHiddenFilesMarkersAndTemporaryDirectoriesAtEveryLevel() throws IOException {
        touch("a.parquet");
        touch(".a.parquet.crc");
        touch(".hidden.parquet");
        touch("_SUCCESS");
        touch("_metadata");
        touch("_temporary/0/_temporary/attempt/part-0.parquet");
        touch("_temporary/part-1.parquet");
        touch(".staging/part-2.parquet");
        touch("year=2024/b.parquet");
        touch("year=2024/.b.parquet.crc");
        touch("year=2024/_SUCCESS");
        touch("year=2024/_temporary/part-3.parquet");
        touch("year=2024/month=01/c.parquet");
        touch("year=2024/month=01/.hidden/d.parquet");
        touch("year=2024/month=01/_committed_123");

        assertThat(relativePaths(discover(dir.toString(), FileOrder.NAME)))
                .containsExactly(
                        "a.parquet", "year=2024/b.parquet", "year=2024/month=01/c.parquet");
        // also through a glob
        assertThat(relativePaths(discover(dir + "/**", FileOrder.NAME)))
                .containsExactly(
                        "a.parquet", "year=2024/b.parquet", "year=2024/month=01/c.parquet");
    }

    @Test
    void globStarMatchesWithinOneDirectory() throws IOException {
        touch("a.parquet");
        touch("b.parquet");
        touch("c.csv");
        touch("sub/d.parquet");

        assertThat(relativePaths(discover(dir + "/*.parquet", FileOrder.NAME)))
                .containsExactly("a.parquet", "b.parquet");
    }

    @Test
    void globDoubleStarMatchesAcrossDirectoriesAndAtTheTop() throws IOException {
        touch("top.parquet");
        touch("top.csv");
        touch("a/b.parquet");
        touch("a/b/c/d.parquet");
        touch("a/b/c/d.json");

        assertThat(relativePaths(discover(dir + "/**/*.parquet", FileOrder.NAME)))
                .containsExactly("a/b.parquet", "a/b/c/d.parquet", "top.parquet");
    }

    @Test
    void globDoubleStarInTheMiddleAlsoMatchesNoDirectory() throws IOException {
        touch("data/x.parquet");
        touch("data/2024/y.parquet");
        touch("data/2024/01/z.parquet");
        touch("other/x.parquet");

        assertThat(relativePaths(discover(dir + "/data/**/*.parquet", FileOrder.NAME)))
                .containsExactly("data/2024/01/z.parquet", "data/2024/y.parquet", "data/x.parquet");
    }

    @Test
    void globQuestionMarkMatchesOneCharacter() throws IOException {
        touch("part-1.parquet");
        touch("part-2.parquet");
        touch("part-10.parquet");
        touch("part-.parquet");

        assertThat(relativePaths(discover(dir + "/part-?.parquet", FileOrder.NAME)))
                .containsExactly("part-1.parquet", "part-2.parquet");
    }

    @Test
    void globBracesMatchAlternatives() throws IOException {
        touch("a.parquet");
        touch("b.parquet");
        touch("c.parquet");
        touch("x/a.parquet");
        touch("y/a.parquet");
        touch("z/a.parquet");

        assertThat(relativePaths(discover(dir + "/{a,b}.parquet", FileOrder.NAME)))
                .containsExactly("a.parquet", "b.parquet");
        assertThat(relativePaths(discover(dir + "/{x,z}/*.parquet", FileOrder.NAME)))
                .containsExactly("x/a.parquet", "z/a.parquet");
    }

    @Test
    void globOverPartitionDirectoriesKeepsPartitionValues() throws IOException {
        touch("year=2023/month=01/a.parquet");
        touch("year=2023/month=02/b.parquet");
        touch("year=2023/month=03/c.parquet");
        touch("year=2023/month=12/d.parquet");
        touch("year=2024/month=01/e.parquet");
        touch("year=2024/month=01/e.csv");
        touch("year=2024/month=01/deeper/f.parquet");

        List<DiscoveredFile> files =
                discover(dir + "/year=*/month=0[12]/*.parquet", FileOrder.NAME);

        assertThat(relativePaths(files))
                .containsExactly(
                        "year=2023/month=01/a.parquet",
                        "year=2023/month=02/b.parquet",
                        "year=2024/month=01/e.parquet");
        assertThat(files.get(0).partitionValues())
                .containsExactly(Map.entry("year", "2023"), Map.entry("month", "01"));
        assertThat(files.get(2).partitionValues())
                .containsExactly(Map.entry("year", "2024"), Map.entry("month", "01"));
    }

    @Test
    void partitionValuesComeOnlyFromDirectoriesBelowTheRoot() throws IOException {
        Path root = Files.createDirectories(dir.resolve("region=eu"));
        touch("region=eu/k=v.parquet");
        touch("region=eu/plain/year=2024/a.parquet");
        touch("region=eu/year=2024/month=01/b.parquet");
        touch("region=eu/year=2025/city=São Paulo/x=a=b/c.parquet");
        touch("region=eu/=nokey/d.parquet");

        List<DiscoveredFile> files = discover(root.toString(), FileOrder.NAME);

        assertThat(relativePaths(files))
                .containsExactly(
                        "region=eu/=nokey/d.parquet",
                        "region=eu/k=v.parquet",
                        "region=eu/plain/year=2024/a.parquet",
                        "region=eu/year=2024/month=01/b.parquet",
                        "region=eu/year=2025/city=São Paulo/x=a=b/c.parquet");
        // '=nokey' has no key: not a partition
        assertThat(files.get(0).partitionValues()).isEmpty();
        // not from the file name, not from 'region=eu' (the root)
        assertThat(files.get(1).partitionValues()).isEmpty();
        assertThat(files.get(2).partitionValues()).containsExactly(Map.entry("year", "2024"));
        assertThat(files.get(3).partitionValues())
                .containsExactly(Map.entry("year", "2024"), Map.entry("month", "01"));
        // raw values as they are in the path; a value may hold '='
        assertThat(files.get(4).partitionValues())
                .containsExactly(
                        Map.entry("year", "2025"),
                        Map.entry("city", "São Paulo"),
                        Map.entry("x", "a=b"));
    }

    @Test
    void noPartitionValuesWithoutHivePartitioning() throws IOException {
        touch("year=2024/month=01/b.parquet");

        List<DiscoveredFile> files =
                new FileDiscovery(dir.toString(), false).discover(FileOrder.NAME);

        assertThat(files).hasSize(1);
        assertThat(files.get(0).partitionValues()).isEmpty();
    }

    @Test
    void aMissingPathFailsNamingThePath() {
        String missing = dir.resolve("does/not/exist").toString();

        assertThatThrownBy(() -> discover(missing, FileOrder.NAME))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining(missing);
        assertThatThrownBy(() -> discover(missing + "/*.parquet", FileOrder.NAME))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing);
        assertThatThrownBy(() -> new FileDiscovery(missing, true).findFirstNonEmpty())
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void aGlobNeedsADirectoryBeforeIt() {
        assertThatThrownBy(() -> new FileDiscovery("*.parquet", true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("*.parquet");
    }

    @Test
    void aGlobBelowAFileFails() throws IOException {
        Path file = touch("a.parquet");

        assertThatThrownBy(() -> discover(file + "/*.parquet", FileOrder.NAME))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("a.parquet");
    }

    @Test
    void anEmptyDirectoryHasNoFiles() throws IOException {
        assertThat(discover(dir.toString(), FileOrder.NAME)).isEmpty();
        assertThat(new FileDiscovery(dir.toString(), true).findFirstNonEmpty()).isNull();
    }

    @Test
    void findFirstNonEmptySkipsEmptyFiles() throws IOException {
        touch("a/empty.parquet", "");
        touch("b.parquet", "");
        touch("c/d.parquet", "data");
        touch("e.parquet", "data");
        touch(".hidden.parquet", "data");

        DiscoveredFile first = new FileDiscovery(dir.toString(), true).findFirstNonEmpty();

        assertThat(first).isNotNull();
        assertThat(relativePaths(List.of(first))).containsExactly("c/d.parquet");
        assertThat(first.size()).isEqualTo(4L);
    }

    @Test
    void findFirstNonEmptyIsNullWhenEveryFileIsEmpty() throws IOException {
        touch("a.parquet", "");
        touch("b/c.parquet", "");

        assertThat(new FileDiscovery(dir.toString(), true).findFirstNonEmpty()).isNull();
    }

    @Test
    void findFirstNonEmptyHonoursTheGlob() throws IOException {
        touch("a.csv", "data");
        touch("b.parquet", "");
        touch("c.parquet", "data");

        DiscoveredFile first = new FileDiscovery(dir + "/*.parquet", true).findFirstNonEmpty();

        assertThat(relativePaths(List.of(first))).containsExactly("c.parquet");
    }

    /**
     * The builder takes the schema from {@link FileDiscovery#findFirstNonEmpty()}, documented as
     * "the first file in name order"; it must be the first non-empty file of {@link
     * FileOrder#NAME}, the order the files are read in. The walk goes directory by directory ('a'
     * before 'a-b'), but NAME sorts full paths ('a-b/...' before 'a/...', since '-' < '/').
     */
    @Test
    void findFirstNonEmptyIsTheFirstNonEmptyFileInNameOrder() throws IOException {
        touch("a/x.parquet", "data");
        touch("a-b/y.parquet", "data");

        DiscoveredFile first = new FileDiscovery(dir.toString(), true).findFirstNonEmpty();
        List<DiscoveredFile> inNameOrder = discover(dir.toString(), FileOrder.NAME);

        assertThat(relativePaths(inNameOrder)).containsExactly("a-b/y.parquet", "a/x.parquet");
        assertThat(relativePaths(List.of(first))).containsExactly("a-b/y.parquet");
    }

    /**
     * Flink's LocalFileSystem fails the whole listing of a directory that holds a name with a ':'
     * (for 'a:b.parquet' a NullPointerException: 'a:' reads as a Windows drive). The file is not
     * skipped: discovery fails naming the directory and the file, whatever the order.
     */
    @Test
    void aNameWithAColonFailsTheListingNamingTheDirectoryAndTheFile() throws IOException {
        touch("z.parquet"); // after year=2024/ in name order: findFirstNonEmpty lists it
        Path sub = Files.createDirectories(dir.resolve("year=2024"));
        touch("year=2024/b.parquet");
        touch("year=2024/a:b.parquet");

        for (FileOrder order : FileOrder.values()) {
            assertThatThrownBy(() -> discover(dir.toString(), order))
                    .as("order %s", order)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Cannot list directory")
                    .hasMessageContaining(sub.toString())
                    .hasMessageContaining("'a:b.parquet'")
                    .hasCauseInstanceOf(RuntimeException.class);
        }
        assertThatThrownBy(() -> new FileDiscovery(dir.toString(), true).findFirstNonEmpty())
                .hasMessageContaining(sub.toString())
                .hasMessageContaining("'a:b.parquet'");
        assertThatThrownBy(() -> discover(dir + "/**/*.parquet", FileOrder.NAME))
                .hasMessageContaining(sub.toString())
                .hasMessageContaining("'a:b.parquet'");
    }

    /** Every such name is listed, hidden ones too (the listing fails before names are skipped). */
    @Test
    void everyNameFlinkCannotHoldIsNamed() throws IOException {
        touch("2024-01-01T10:00:00.parquet");
        touch(".x:y.crc");
        touch("ok.parquet");
        // A one-letter prefix reads as a Windows drive: Flink fails with a NullPointerException.
        Files.createDirectories(dir.resolve("x:y"));

        assertThatThrownBy(() -> discover(dir.toString(), FileOrder.NAME))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining(
                        "the 3 names '.x:y.crc', '2024-01-01T10:00:00.parquet', 'x:y'")
                .hasMessageNotContaining("ok.parquet");
    }

    /**
     * On another file system, the name comes from the file system's error: Flink's Path throws
     * "URISyntaxException: Relative path in absolute URI: <name>" for a longer prefix.
     */
    @Test
    void onAnotherFileSystemTheNameComesFromTheError() throws IOException {
        touch("a.parquet");
        touch("2024-01-01T10:00:00.parquet");
        FileSystem remote =
                new LocalFileSystem() {
                    @Override
                    public URI getUri() {
                        return URI.create("remote:///");
                    }
                };

        assertThatThrownBy(() -> discoverWith(remote, FileOrder.NAME))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Cannot list directory")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("the name '2024-01-01T10:00:00.parquet'")
                .hasRootCauseInstanceOf(URISyntaxException.class);
    }

    /**
     * UNORDERED sorts nothing: each directory's files come in the order its (here reversed) listing
     * gives them, a directory's files before those of the directories below it. NAME and
     * MODIFICATION_TIME do not depend on the listing order.
     */
    @Test
    void unorderedKeepsTheListingOrderAndTheOtherOrdersDoNotDependOnIt() throws IOException {
        mtime(touch("a.parquet"), 2_000L);
        mtime(touch("b/c.parquet"), 1_000L);
        mtime(touch("b/d.parquet"), 3_000L);
        mtime(touch("c.parquet"), 1_000L);
        FileSystem reversed = new ReversedListings();

        assertThat(relativePaths(discoverWith(reversed, FileOrder.UNORDERED)))
                .containsExactly("c.parquet", "a.parquet", "b/d.parquet", "b/c.parquet");
        assertThat(relativePaths(discoverWith(reversed, FileOrder.NAME)))
                .containsExactly("a.parquet", "b/c.parquet", "b/d.parquet", "c.parquet")
                .isEqualTo(relativePaths(discover(dir.toString(), FileOrder.NAME)));
        assertThat(relativePaths(discoverWith(reversed, FileOrder.MODIFICATION_TIME)))
                .containsExactly("b/c.parquet", "c.parquet", "a.parquet", "b/d.parquet")
                .isEqualTo(relativePaths(discover(dir.toString(), FileOrder.MODIFICATION_TIME)));
        // the schema's file is still the first in name order
        assertThat(
                        relativePaths(
                                List.of(
                                        new FileDiscovery(dir.toString(), true, reversed)
                                                .findFirstNonEmpty())))
                .containsExactly("a.parquet");
    }

    /**
     * A listing lists several partition directories at a time (on an object store each listing is a
     * slow request), and the files it finds are those a one-by-one walk finds, in the same order.
     */
    @Test
    void listsPartitionDirectoriesInParallel() throws IOException {
        for (int day = 0; day < 12; day++) {
            touch("day=" + day + "/hour=0/part-0.parquet");
            touch("day=" + day + "/hour=1/part-0.parquet");
        }
        SlowListings slow = new SlowListings();

        List<String> found = relativePaths(discoverWith(slow, FileOrder.NAME));

        assertThat(found)
                .hasSize(24)
                .isEqualTo(relativePaths(discover(dir.toString(), FileOrder.NAME)));
        assertThat(slow.maxConcurrent.get()).isGreaterThan(1);
    }

    /**
     * A directory that cannot be listed fails the whole listing, naming it; nothing is left out.
     */
    @Test
    void aFailingPartitionListingFailsTheListingNamingTheDirectory() throws IOException {
        touch("day=1/part-0.parquet");
        touch("day=2/part-0.parquet");
        touch("day=3/part-0.parquet");
        FileSystem failing =
                new LocalFileSystem() {
                    @Override
                    public FileStatus[] listStatus(org.apache.flink.core.fs.Path f)
                            throws IOException {
                        if (f.getName().equals("day=2")) {
                            throw new IOException("Access denied: " + f);
                        }
                        return super.listStatus(f);
                    }
                };

        assertThatThrownBy(() -> discoverWith(failing, FileOrder.NAME))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("day=2");
    }

    // ------------------------------------------------------------------------------------------

    /** The local file system, each listing taking 50 ms; counts the listings at the same time. */
    private static final class SlowListings extends LocalFileSystem {
        final java.util.concurrent.atomic.AtomicInteger running =
                new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxConcurrent =
                new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public FileStatus[] listStatus(org.apache.flink.core.fs.Path f) throws IOException {
            int now = running.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(50);
                return super.listStatus(f);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            } finally {
                running.decrementAndGet();
            }
        }
    }

    /** The local file system, each listing in reverse name order. */
    private static final class ReversedListings extends LocalFileSystem {
        @Override
        public FileStatus[] listStatus(org.apache.flink.core.fs.Path f) throws IOException {
            FileStatus[] children = super.listStatus(f);
            Arrays.sort(
                    children,
                    Comparator.comparing((FileStatus s) -> s.getPath().getName()).reversed());
            return children;
        }
    }

    private List<DiscoveredFile> discoverWith(FileSystem fs, FileOrder order) throws IOException {
        return new FileDiscovery(dir.toString(), true, fs).discover(order);
    }

    private List<DiscoveredFile> discover(String path, FileOrder order) throws IOException {
        return new FileDiscovery(path, true).discover(order);
    }

    private Path touch(String relative) throws IOException {
        return touch(relative, "x");
    }

    private Path touch(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private static void mtime(Path file, long millis) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(millis));
    }

    /** The files' paths relative to the temporary directory, in the order given. */
    private List<String> relativePaths(List<DiscoveredFile> files) {
        String prefix = dir.toUri().getPath();
        return files.stream()
                .map(
                        f -> {
                            String p = f.path().toUri().getPath();
                            assertThat(p).startsWith(prefix);
                            return p.substring(prefix.length());
                        })
                .collect(Collectors.toList());
    }
}
