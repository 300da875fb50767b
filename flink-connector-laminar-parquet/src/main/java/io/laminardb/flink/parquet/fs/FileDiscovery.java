package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Finds the files of a data set through Flink's {@link FileSystem}: one file, a directory tree
 * (recursively), or a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}} within a name; {@code
 * **} across directories, also matching no directory at all). Names starting with {@code .} or
 * {@code _} (hidden files, {@code _SUCCESS} markers, {@code _temporary} directories) are skipped at
 * every level below the root. Directories are walked in name order.
 *
 * <p>Runs on the enumerator's I/O thread (and once on the client, to find the file the schema comes
 * from).
 */
@Internal
public final class FileDiscovery {

    private final Path root;
    private final String glob;
    private final boolean hivePartitioning;

    public FileDiscovery(String path, boolean hivePartitioning) {
        int globStart = firstGlobCharacter(path);
        if (globStart < 0) {
            this.root = new Path(path);
            this.glob = null;
        } else {
            int slash = path.lastIndexOf('/', globStart);
            if (slash < 0) {
                throw new IllegalArgumentException(
                        "A glob path needs a directory before its first wildcard: " + path);
            }
            this.root = new Path(path.substring(0, slash + 1));
            this.glob = path.substring(slash + 1);
        }
        this.hivePartitioning = hivePartitioning;
    }

    /** The directory (or file) discovery starts from; partition directories are below it. */
    public Path root() {
        return root;
    }

    /** Every file, ordered as asked. */
    public List<DiscoveredFile> discover(FileOrder order) throws IOException {
        return discover(order, values -> true, new AtomicLong());
    }

    /**
     * The files below the directories {@code mayHold} accepts (it gets the {@code key=value} pairs
     * of a directory's path; a directory it rejects is not listed), ordered as asked; {@code
     * skippedDirectories} counts the rejected ones.
     */
    public List<DiscoveredFile> discover(
            FileOrder order, Predicate<Map<String, String>> mayHold, AtomicLong skippedDirectories)
            throws IOException {
        List<DiscoveredFile> files = new ArrayList<>();
        Predicate<String> directories =
                relative -> {
                    if (!hivePartitioning || mayHold.test(partitionValues(relative))) {
                        return true;
                    }
                    skippedDirectories.incrementAndGet();
                    return false;
                };
        walk(
                file -> {
                    files.add(file);
                    return true;
                },
                directories);
        sort(files, order);
        return files;
    }

    /**
     * Up to {@code max + 1} files below the directories {@code mayHold} accepts, in walk order:
     * more than {@code max} tells "too many".
     */
    public List<DiscoveredFile> discoverUpTo(int max, Predicate<Map<String, String>> mayHold)
            throws IOException {
        List<DiscoveredFile> files = new ArrayList<>();
        walk(
                file -> {
                    files.add(file);
                    return files.size() <= max;
                },
                relative -> !hivePartitioning || mayHold.test(partitionValues(relative)));
        return files;
    }

    /** The first non-empty file in name order, or null; stops walking as soon as it finds one. */
    public DiscoveredFile findFirstNonEmpty() throws IOException {
        DiscoveredFile[] found = new DiscoveredFile[1];
        walk(
                file -> {
                    if (file.size() > 0) {
                        found[0] = file;
                        return false;
                    }
                    return true;
                });
        return found[0];
    }

    @VisibleForTesting
    static void sort(List<DiscoveredFile> files, FileOrder order) {
        switch (order) {
            case NAME:
                files.sort(Comparator.comparing(f -> f.path().toString()));
                break;
            case MODIFICATION_TIME:
                files.sort(
                        Comparator.comparingLong(DiscoveredFile::modificationTime)
                                .thenComparing(f -> f.path().toString()));
                break;
            default:
                break;
        }
    }

    /** Visits files until the visitor returns false. */
    private void walk(Predicate<DiscoveredFile> visitor) throws IOException {
        walk(visitor, relative -> true);
    }

    private void walk(Predicate<DiscoveredFile> visitor, Predicate<String> directories)
            throws IOException {
        FileSystem fs = root.getFileSystem();
        FileStatus status;
        try {
            status = fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("The source path does not exist: " + root);
        }
        if (!status.isDir()) {
            if (glob != null) {
                throw new IOException("The directory before the glob is a file: " + root);
            }
            visitor.test(
                    new DiscoveredFile(
                            status.getPath(),
                            status.getLen(),
                            status.getModificationTime(),
                            Map.of()));
            return;
        }
        List<PathMatcher> matchers = glob == null ? List.of() : matchers(glob);
        walkDirectory(fs, status.getPath(), "", matchers, visitor, directories);
    }

    private boolean walkDirectory(
            FileSystem fs,
            Path dir,
            String relativeDir,
            List<PathMatcher> matchers,
            Predicate<DiscoveredFile> visitor,
            Predicate<String> directories)
            throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return true;
        }
        // Directories sort as "name/", so the walk visits files in full-path (NAME) order.
        Arrays.sort(
                children,
                Comparator.comparing(s -> s.getPath().getName() + (s.isDir() ? "/" : "")));
        for (FileStatus child : children) {
            String name = child.getPath().getName();
            if (isHidden(name)) {
                continue;
            }
            String relative = relativeDir.isEmpty() ? name : relativeDir + "/" + name;
            if (child.isDir()) {
                if (!directories.test(relative)) {
                    continue;
                }
                if (!walkDirectory(fs, child.getPath(), relative, matchers, visitor, directories)) {
                    return false;
                }
            } else if (matches(matchers, relative)) {
                DiscoveredFile file =
                        new DiscoveredFile(
                                child.getPath(),
                                child.getLen(),
                                child.getModificationTime(),
                                hivePartitioning ? partitionValues(relativeDir) : Map.of());
                if (!visitor.test(file)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The distinct values of the partition {@code keys} (raw, as in directory names) below the
     * root. Walks directories only, and stops going down where every key has a value, so it lists
     * far less than {@link #discover}; a glob path lists its files instead.
     */
    public List<Map<String, String>> listPartitions(List<String> keys) throws IOException {
        Set<Map<String, String>> specs = new LinkedHashSet<>();
        if (glob != null) {
            for (DiscoveredFile file : discover(FileOrder.NAME)) {
                addSpec(file.partitionValues(), keys, specs);
            }
        } else {
            // Directories only: a directory where every key has a value is a partition, and
            // is not listed (the walk does not go below it).
            walk(file -> true, relative -> !addSpec(partitionValues(relative), keys, specs));
        }
        return new ArrayList<>(specs);
    }

    /** Adds the values of {@code keys} when all are there; whether they were. */
    private static boolean addSpec(
            Map<String, String> values, List<String> keys, Set<Map<String, String>> specs) {
        Map<String, String> spec = new LinkedHashMap<>();
        for (String key : keys) {
            if (!values.containsKey(key)) {
                return false;
            }
            spec.put(key, values.get(key));
        }
        specs.add(spec);
        return true;
    }

    /** Whether a file or directory name marks something to skip (hidden, marker, temporary). */
    public static boolean isHidden(String name) {
        return name.startsWith(".") || name.startsWith("_");
    }

    /** {@code key=value} segments of a directory path relative to the root, in order. */
    @VisibleForTesting
    static Map<String, String> partitionValues(String relativeDir) {
        Map<String, String> values = new LinkedHashMap<>();
        if (relativeDir.isEmpty()) {
            return values;
        }
        for (String segment : relativeDir.split("/")) {
            int eq = segment.indexOf('=');
            if (eq > 0) {
                values.put(segment.substring(0, eq), segment.substring(eq + 1));
            }
        }
        return values;
    }

    private static boolean matches(List<PathMatcher> matchers, String relative) {
        if (matchers.isEmpty()) {
            return true;
        }
        java.nio.file.Path p = Paths.get(relative);
        for (PathMatcher m : matchers) {
            if (m.matches(p)) {
                return true;
            }
        }
        return false;
    }

    private static List<PathMatcher> matchers(String glob) {
        java.nio.file.FileSystem local = FileSystems.getDefault();
        List<PathMatcher> matchers = new ArrayList<>();
        matchers.add(local.getPathMatcher("glob:" + glob));
        if (glob.contains("**/")) {
            // '**/' also matches no directory at all: 'a/**/b' matches 'a/b'.
            matchers.add(local.getPathMatcher("glob:" + glob.replace("**/", "")));
        }
        return matchers;
    }

    private static int firstGlobCharacter(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }
}
