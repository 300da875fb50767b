package io.laminardb.flink.parquet.fs;

import org.apache.flink.annotation.Internal;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * parquet-java's codecs, except that a SNAPPY page read onto the heap is decompressed from its
 * array straight into the page's array in one call ({@link Snappy#uncompress(byte[], int, int,
 * byte[], int)}), instead of through Hadoop's decompressor stream: that copies the compressed page
 * into a heap array, then into a direct buffer, decompresses into another direct buffer and copies
 * the result back, three copies of every page. Other codecs, compression and direct buffers are
 * parquet-java's own. One per {@code ParquetReadOptions} (the file reader releases it on close).
 */
@Internal
final class HeapSnappyCodecs implements CompressionCodecFactory {

    private final CompressionCodecFactory codecs;

    /** The SNAPPY decompressor, made on first use. */
    private BytesInputDecompressor snappy;

    HeapSnappyCodecs(CompressionCodecFactory codecs) {
        this.codecs = codecs;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
        return codecs.getCompressor(codecName);
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
        if (codecName != CompressionCodecName.SNAPPY) {
            return codecs.getDecompressor(codecName);
        }
        if (snappy == null) {
            snappy = new SnappyToHeap(codecs);
        }
        return snappy;
    }

    @Override
    public void release() {
        codecs.release();
    }

    /** SNAPPY from a heap page to a heap array; direct buffers go to parquet-java's. */
    private static final class SnappyToHeap implements BytesInputDecompressor {
        private final CompressionCodecFactory codecs;

        /** parquet-java's SNAPPY decompressor, for direct buffers only; made on first use. */
        private BytesInputDecompressor direct;

        SnappyToHeap(CompressionCodecFactory codecs) {
            this.codecs = codecs;
        }

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            if (uncompressedSize == 0) {
                // nothing to decompress; some writers store no byte at all for it (the data of a
                // v2 page of NULLs), which is no valid SNAPPY block
                return BytesInput.empty();
            }
            ByteBuffer page = bytes.toByteBuffer();
            byte[] in;
            int offset;
            int length = page.remaining();
            if (page.hasArray()) {
                in = page.array();
                offset = page.arrayOffset() + page.position();
            } else {
                in = new byte[length];
                page.duplicate().get(in);
                offset = 0;
            }
            // The page's header says how long the page is decompressed; the data says it too
            // (Snappy's length prefix). They must agree before the output array is written.
            int said = Snappy.uncompressedLength(in, offset, length);
            if (said != uncompressedSize) {
                throw new IOException(
                        "Corrupt SNAPPY page: its data decompresses to "
                                + said
                                + " bytes, its header says "
                                + uncompressedSize);
            }
            byte[] out = new byte[uncompressedSize];
            int written = Snappy.uncompress(in, offset, length, out, 0);
            if (written != uncompressedSize) {
                throw new IOException(
                        "Corrupt SNAPPY page: decompressed to "
                                + written
                                + " bytes, its header says "
                                + uncompressedSize);
            }
            return BytesInput.from(out);
        }

        @Override
        public void decompress(
                ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            if (direct == null) {
                direct = codecs.getDecompressor(CompressionCodecName.SNAPPY);
            }
            direct.decompress(input, compressedSize, output, uncompressedSize);
        }

        @Override
        public void release() {
            // parquet-java's decompressor is released with its factory (HeapSnappyCodecs#release)
        }
    }
}
