package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.concurrent.ExecutorThreadFactory;

import javax.annotation.Nullable;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
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
import java.util.TreeSet;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Finds the files of a data set through Flink's {@link FileSystem}: one file, a directory tree
 * (recursively), or a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}} within a name; {@code
 * **} across directories, also matching no directory at all). Names starting with {@code .} or
 * {@code _} (hidden files, {@code _SUCCESS} markers, {@code _temporary} directories) are skipped at
 * every level below the root.
 *
 * <p>{@link #discover} lists every directory of the tree, up to eight at a time (listing fans out
 * by partition directory), and sorts the files at the end as asked. The other walks ({@link
 * #findFirstNonEmpty()}, {@link #discoverUpTo}, {@link #listPartitions}) go one directory after the
 * other in name order (each listing sorted), so that they can stop early.
 *
 * <p>A name that Flink's {@link Path} cannot hold (a {@code :} in it, like {@code
 * 2024-01-01T10:00:00.parquet}: Flink reads what comes before the colon as a URI scheme) makes the
 * file system fail the whole listing of its directory. Such a file is not skipped: the listing
 * fails with an {@link IOException} naming the directory and, where they can be found (by listing a
 * local directory with {@code java.nio}, or from the file system's error), the offending names, so
 * that no file is left out without a word. Rename such files, or move them out of the path. Hidden
 * names count too: the file system fails before any name can be skipped.
 *
 * <p>Runs on the enumerator's I/O thread (and once on the client, to find the file the schema comes
 * from).
 */
@Internal
public final class FileDiscovery {

    /** Directories listed at the same time by {@link #discover}. */
    private static final int LISTING_THREADS = 8;

    /** Names shown in the message about a directory with names Flink's paths cannot hold. */
    private static final int MAX_NAMES_SHOWN = 10;

    private final Path root;
    private final String glob;
    private final boolean hivePartitioning;

    /** The file system to list with; null: the root's, as the storage settings resolve it. */
    @Nullable private final FileSystem fileSystem;

    /** The source's storage settings: which file system the files are listed and read with. */
    private final StorageSettings storage;

    public FileDiscovery(String path, boolean hivePartitioning) {
        this(path, hivePartitioning, StorageSettings.CLUSTER);
    }

    /** Lists through the file system the source's storage settings give for the path. */
    public FileDiscovery(String path, boolean hivePartitioning, StorageSettings storage) {
        this(path, hivePartitioning, null, storage);
    }

    /** Lists through the given file system instead of the root's (tests). */
    @VisibleForTesting
    FileDiscovery(String path, boolean hivePartitioning, @Nullable FileSystem fileSystem) {
        this(path, hivePartitioning, fileSystem, StorageSettings.CLUSTER);
    }

    private FileDiscovery(
            String path,
            boolean hivePartitioning,
            @Nullable FileSystem fileSystem,
            StorageSettings storage) {
        this.storage = storage;
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
        this.fileSystem = fileSystem;
    }

    /** The directory (or file) discovery starts from; partition directories are below it. */
    public Path root() {
        return root;
    }

    /** The storage settings the files are listed with, and are to be read with. */
    public StorageSettings storage() {
        return storage;
    }

    /**
     * Every file, ordered as asked: {@link FileOrder#NAME} by full path, {@link
     * FileOrder#MODIFICATION_TIME} oldest first and then by full path, {@link FileOrder#UNORDERED}
     * in no particular order (each directory's files as its listing returned them, nothing sorted).
     */
    public List<DiscoveredFile> discover(FileOrder order) throws IOException {
        return discover(order, values -> true, new AtomicLong());
    }

    /**
     * The files below the directories {@code mayHold} accepts (it gets the {@code key=value} pairs
     * of a directory's path; a directory it rejects is not listed), ordered as asked; {@code
     * skippedDirectories} counts the rejected ones. Directories are listed in parallel; {@code
     * mayHold} is called on the calling thread only.
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
        FileSystem fs = fileSystem();
        FileStatus status = rootStatus(fs);
        if (status.isDir()) {
            listTree(fs, status.getPath(), directories, files);
        } else {
            files.add(rootFile(status));
        }
        sort(files, order);
        return files;
    }

    /**
     * Up to {@code max + 1} files below the directories {@code mayHold} accepts, in name order:
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
        Comparator<DiscoveredFile> comparator =
                order.comparator(DiscoveredFile::pathString, DiscoveredFile::modificationTime);
        if (comparator != null) {
            files.sort(comparator);
        }
    }

    /** Visits files in name order until the visitor returns false. */
    private void walk(Predicate<DiscoveredFile> visitor) throws IOException {
        walk(visitor, relative -> true);
    }

    /**
     * Visits the files below the directories {@code directories} accepts, one directory after the
     * other in name order, until the visitor returns false.
     */
    private void walk(Predicate<DiscoveredFile> visitor, Predicate<String> directories)
            throws IOException {
        FileSystem fs = fileSystem();
        FileStatus status = rootStatus(fs);
        if (!status.isDir()) {
            visitor.test(rootFile(status));
            return;
        }
        List<PathMatcher> matchers = glob == null ? List.of() : matchers(glob);
        walkDirectory(fs, status.getPath(), "", matchers, visitor, directories);
    }

    private FileSystem fileSystem() throws IOException {
        return fileSystem != null ? fileSystem : storage.fileSystem(root);
    }

    /** The root's status; a missing root fails naming it. */
    private FileStatus rootStatus(FileSystem fs) throws IOException {
        try {
            return fs.getFileStatus(root);
        } catch (FileNotFoundException e) {
            throw new FileNotFoundException("The source path does not exist: " + root);
        }
    }

    /** The root when it is a file (a glob needs a directory before it). */
    private DiscoveredFile rootFile(FileStatus status) throws IOException {
        if (glob != null) {
            throw new IOException("The directory before the glob is a file: " + root);
        }
        return new DiscoveredFile(
                status.getPath(), status.getLen(), status.getModificationTime(), Map.of());
    }

    /**
     * Every file below the directory {@code top}, listing up to {@link #LISTING_THREADS}
     * directories at a time (on an object store a listing is a request of tens of milliseconds, so
     * a tree of many partition directories is listed that many times faster than one directory
     * after the other). Which directories to go into and which files to keep is decided here, on
     * the calling thread; the listers only list. Files come in no particular order.
     */
    private void listTree(
            FileSystem fs, Path top, Predicate<String> directories, List<DiscoveredFile> files)
            throws IOException {
        List<PathMatcher> matchers = glob == null ? List.of() : matchers(glob);
        List<Listing> below = new ArrayList<>();
        keep(new Listing(top, "", list(fs, top)), matchers, directories, files, below);
        if (below.isEmpty()) {
            return;
        }
        ExecutorService listers =
                Executors.newFixedThreadPool(
                        LISTING_THREADS, new ExecutorThreadFactory("parquet-directory-lister"));
        try {
            CompletionService<Listing> listings = new ExecutorCompletionService<>(listers);
            int inFlight = 0;
            while (true) {
                for (Listing directory : below) {
                    listings.submit(
                            () ->
                                    new Listing(
                                            directory.dir,
                                            directory.relativeDir,
                                            list(fs, directory.dir)));
                    inFlight++;
                }
                below.clear();
                if (inFlight == 0) {
                    return;
                }
                Listing listed = take(listings);
                inFlight--;
                keep(listed, matchers, directories, files, below);
            }
        } finally {
            listers.shutdownNow();
        }
    }

    /**
     * Adds the files of a listing that are kept to {@code files}, its directories to go into to
     * {@code below}.
     */
    private void keep(
            Listing listing,
            List<PathMatcher> matchers,
            Predicate<String> directories,
            List<DiscoveredFile> files,
            List<Listing> below) {
        if (listing.children == null) {
            return;
        }
        Map<String, String> partitionValues = null;
        for (FileStatus child : listing.children) {
            String name = child.getPath().getName();
            if (isHidden(name)) {
                continue;
            }
            String relative = relativePath(listing.relativeDir, name);
            if (child.isDir()) {
                if (directories.test(relative)) {
                    below.add(new Listing(child.getPath(), relative, null));
                }
            } else if (matches(matchers, relative)) {
                if (partitionValues == null) {
                    partitionValues = partitionValuesOf(listing.relativeDir);
                }
                files.add(
                        new DiscoveredFile(
                                child.getPath(),
                                child.getLen(),
                                child.getModificationTime(),
                                partitionValues));
            }
        }
    }

    private static Listing take(CompletionService<Listing> listings) throws IOException {
        try {
            return listings.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while listing directories");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException(cause);
        }
    }

    private static String relativePath(String relativeDir, String name) {
        return relativeDir.isEmpty() ? name : relativeDir + "/" + name;
    }

    private DiscoveredFile discovered(FileStatus file, String relativeDir) {
        return new DiscoveredFile(
                file.getPath(),
                file.getLen(),
                file.getModificationTime(),
                partitionValuesOf(relativeDir));
    }

    /** The partition values of the files in a directory: none without Hive partitioning. */
    private Map<String, String> partitionValuesOf(String relativeDir) {
        return hivePartitioning ? partitionValues(relativeDir) : Map.of();
    }

    /** A directory, its path relative to the root, and (once listed) its children. */
    private static final class Listing {
        final Path dir;
        final String relativeDir;
        @Nullable final FileStatus[] children;

        Listing(Path dir, String relativeDir, @Nullable FileStatus[] children) {
            this.dir = dir;
            this.relativeDir = relativeDir;
            this.children = children;
        }
    }

    private boolean walkDirectory(
            FileSystem fs,
            Path dir,
            String relativeDir,
            List<PathMatcher> matchers,
            Predicate<DiscoveredFile> visitor,
            Predicate<String> directories)
            throws IOException {
        FileStatus[] children = list(fs, dir);
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
            String relative = relativePath(relativeDir, name);
            if (child.isDir()) {
                if (!directories.test(relative)) {
                    continue;
                }
                if (!walkDirectory(fs, child.getPath(), relative, matchers, visitor, directories)) {
                    return false;
                }
            } else if (matches(matchers, relative)) {
                if (!visitor.test(discovered(child, relativeDir))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Lists a directory. A file system that cannot list it because a name in it is not a valid
     * Flink path fails naming the directory and those names. Flink's {@code LocalFileSystem} throws
     * an {@code IllegalArgumentException} with a {@code URISyntaxException} for {@code
     * 2024-01-01T10:00:00.parquet}, and a {@code NullPointerException} for {@code a:b.parquet}
     * (where {@code a:} reads as a Windows drive). Any other failure is named with the directory.
     */
    private static FileStatus[] list(FileSystem fs, Path dir) throws IOException {
        try {
            return fs.listStatus(dir);
        } catch (RuntimeException e) {
            List<String> names = unrepresentableNames(fs, dir, e);
            if (names.isEmpty()) {
                throw new IOException("Cannot list directory " + dir + ": " + e, e);
            }
            List<String> shown = new ArrayList<>();
            for (String name : names.subList(0, Math.min(names.size(), MAX_NAMES_SHOWN))) {
                shown.add("'" + name + "'");
            }
            boolean one = names.size() == 1;
            throw new IOException(
                    "Cannot list directory "
                            + dir
                            + ": Flink's file system paths cannot hold "
                            + (one ? "the name " : "the " + names.size() + " names ")
                            + String.join(", ", shown)
                            + (names.size() > shown.size() ? ", ..." : "")
                            + " (a ':' in a name reads as a URI scheme). Rename "
                            + (one ? "it or move it" : "them or move them")
                            + " out of the source path: such a file is not skipped, so that no"
                            + " data is left out unnoticed",
                    e);
        }
    }

    /**
     * The names in {@code dir} that Flink's {@link Path} rejects: from a {@code java.nio} listing
     * of a local directory, else the name the file system's {@link URISyntaxException} holds, if
     * any; sorted.
     */
    private static List<String> unrepresentableNames(
            FileSystem fs, Path dir, RuntimeException failure) {
        Set<String> names = new TreeSet<>();
        if ("file".equals(fs.getUri().getScheme())) {
            try (DirectoryStream<java.nio.file.Path> children =
                    Files.newDirectoryStream(Paths.get(dir.toUri().getPath()))) {
                for (java.nio.file.Path child : children) {
                    String name = child.getFileName().toString();
                    try {
                        new Path(dir, name);
                    } catch (RuntimeException e) {
                        names.add(name);
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        if (names.isEmpty()) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof URISyntaxException) {
                    names.add(((URISyntaxException) t).getInput());
                    break;
                }
            }
        }
        return new ArrayList<>(names);
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
