package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;

import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

import javax.annotation.Nullable;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The last bytes of a Parquet file as one ranged read returned them ({@link
 * ParquetFooters#readTail}): enough to tell whether the file ends like a complete Parquet file and,
 * when they hold the whole footer, to parse it without reading the file again. Parsing goes through
 * parquet-java's own {@link ParquetFileReader#readFooter} over these bytes, with the connector's
 * read options (metadata filter, encryption: an encrypted footer fails, naming the file).
 * Immutable; any thread.
 */
@Internal
public final class FooterTail {

    /** The footer's length (4 bytes, little endian) and the magic after the footer. */
    static final int END_LENGTH = 8;

    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

    /** The magic at the start, the footer's length and the magic at the end: 12 bytes. */
    private static final int MIN_FILE_LENGTH = MAGIC.length + END_LENGTH;

    private final Path path;
    private final long fileSize;

    /** Where in the file {@code bytes} start. */
    private final long start;

    private final byte[] bytes;

    FooterTail(Path path, long fileSize, long start, byte[] bytes) {
        this.path = path;
        this.fileSize = fileSize;
        this.start = start;
        this.bytes = bytes;
    }

    public Path path() {
        return path;
    }

    public long fileSize() {
        return fileSize;
    }

    /** How many bytes of the file this holds (what keeping it costs). */
    public int byteSize() {
        return bytes.length;
    }

    /**
     * What keeps these bytes from being the end of a Parquet file, naming the file: too short for a
     * footer, no magic at the end, or a footer length beyond the file; null when they are one.
     */
    @Nullable
    public String problem() {
        if (fileSize < MIN_FILE_LENGTH) {
            return "Cannot read the Parquet footer of file "
                    + path
                    + ": it has "
                    + fileSize
                    + " bytes, too few for a footer (not a Parquet file, truncated, or still"
                    + " being written?)";
        }
        if (!endsWith(MAGIC) && !endsWith(ENCRYPTED_MAGIC)) {
            byte[] end = Arrays.copyOfRange(bytes, bytes.length - MAGIC.length, bytes.length);
            return "Cannot read the Parquet footer of file "
                    + path
                    + ": it ends with "
                    + Arrays.toString(end)
                    + ", not with the magic PAR1 (not a Parquet file, truncated, or still being"
                    + " written?)";
        }
        long footerLength = footerLength();
        if (footerLength <= 0 || footerLength > fileSize - MIN_FILE_LENGTH) {
            return "Cannot read the Parquet footer of file "
                    + path
                    + ": its footer length "
                    + footerLength
                    + " does not fit in the file of "
                    + fileSize
                    + " bytes (a corrupt or truncated file)";
        }
        return null;
    }

    /**
     * Whether the file ends the way a complete, unencrypted Parquet file does: the magic {@code
     * PAR1}, and a footer length before it that fits in the file. A file still being written
     * usually does not. The footer is not parsed, so a file that passes may still be corrupt.
     */
    public boolean endsWithFooter() {
        return problem() == null && endsWith(MAGIC);
    }

    /** Whether these bytes hold the whole footer (no problem, and it is within them). */
    public boolean holdsFooter() {
        return problem() == null && footerLength() + END_LENGTH <= bytes.length;
    }

    /** Only the bytes of the footer and its end: what is worth keeping once the file is known. */
    public FooterTail footerOnly() {
        if (!holdsFooter()) {
            throw new IllegalStateException(
                    "The last " + bytes.length + " bytes of " + path + " do not hold its footer");
        }
        int keep = (int) footerLength() + END_LENGTH;
        if (keep == bytes.length) {
            return this;
        }
        return new FooterTail(
                path,
                fileSize,
                fileSize - keep,
                Arrays.copyOfRange(bytes, bytes.length - keep, bytes.length));
    }

    /** The footer's length, from the 4 bytes before the magic. */
    long footerLength() {
        int i = bytes.length - END_LENGTH;
        return (bytes[i] & 0xFFL)
                | (bytes[i + 1] & 0xFFL) << 8
                | (bytes[i + 2] & 0xFFL) << 16
                | (bytes[i + 3] & 0xFFL) << 24;
    }

    /** The footer's bytes that are not in this tail (0 when it holds the whole footer). */
    long missingBytes() {
        return Math.max(0, footerLength() + END_LENGTH - bytes.length);
    }

    /** This tail with {@code earlier}, the file's bytes just before it, in front. */
    FooterTail withBytesBefore(byte[] earlier) {
        byte[] joined = new byte[earlier.length + bytes.length];
        System.arraycopy(earlier, 0, joined, 0, earlier.length);
        System.arraycopy(bytes, 0, joined, earlier.length, bytes.length);
        return new FooterTail(path, fileSize, start - earlier.length, joined);
    }

    /**
     * The footer parsed from these bytes; fails, naming the file, when they do not hold it or it
     * cannot be parsed (corrupt, encrypted).
     */
    public ParquetMetadata footer() throws IOException {
        String problem = problem();
        if (problem != null) {
            throw new IOException(problem);
        }
        if (!holdsFooter()) {
            throw new IllegalStateException(
                    "The last " + bytes.length + " bytes of " + path + " do not hold its footer");
        }
        try (SeekableInputStream in = new BytesStream()) {
            return ParquetFileReader.readFooter(
                    new BytesFile(), ParquetReadOptionsFactory.create(), in);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Cannot read the Parquet footer of file " + path + ": " + e, e);
        }
    }

    private boolean endsWith(byte[] magic) {
        for (int i = 0; i < magic.length; i++) {
            if (bytes[bytes.length - magic.length + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "FooterTail{" + path + ", last " + bytes.length + " of " + fileSize + " bytes}";
    }

    /** The file as far as these bytes go, for parquet-java's footer parsing. */
    private final class BytesFile implements InputFile {
        @Override
        public long getLength() {
            return fileSize;
        }

        @Override
        public SeekableInputStream newStream() {
            return new BytesStream();
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A stream over {@code bytes} at their positions in the file; before them it cannot seek. */
    private final class BytesStream extends SeekableInputStream {
        private long pos = start;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < start || newPos > fileSize) {
                throw new EOFException(
                        "Position "
                                + newPos
                                + " of "
                                + path
                                + " is outside the bytes read ("
                                + start
                                + " to "
                                + fileSize
                                + ")");
            }
            pos = newPos;
        }

        private int available(int wanted) {
            return (int) Math.min(wanted, fileSize - pos);
        }

        @Override
        public int read() {
            return pos < fileSize ? bytes[(int) (pos++ - start)] & 0xFF : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int n = available(length);
            if (n <= 0) {
                return -1;
            }
            System.arraycopy(bytes, (int) (pos - start), buffer, offset, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(byte[] buffer) throws IOException {
            readFully(buffer, 0, buffer.length);
        }

        @Override
        public void readFully(byte[] buffer, int offset, int length) throws IOException {
            if (available(length) < length) {
                throw new EOFException("Reached the end of " + path);
            }
            read(buffer, offset, length);
        }

        @Override
        public int read(ByteBuffer buffer) {
            if (!buffer.hasRemaining()) {
                return 0;
            }
            int n = available(buffer.remaining());
            if (n <= 0) {
                return -1;
            }
            buffer.put(bytes, (int) (pos - start), n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer buffer) throws IOException {
            if (available(buffer.remaining()) < buffer.remaining()) {
                throw new EOFException("Reached the end of " + path);
            }
            read(buffer);
        }
    }
}
