package io.laminardb.flink.parquet.fs;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopCodecs;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SNAPPY pages decompressed heap to heap give what parquet-java's own decompressor gives; a page
 * whose data disagrees with its header's length fails; other codecs are parquet-java's.
 */
class HeapSnappyCodecsTest {

    private final CompressionCodecFactory parquets = HadoopCodecs.newFactory(0);
    private final HeapSnappyCodecs codecs = new HeapSnappyCodecs(HadoopCodecs.newFactory(0));

    @Test
    void decompressesAsParquetJavaDoes() throws IOException {
        Random random = new Random(3);
        for (int round = 0; round < 50; round++) {
            byte[] page = new byte[random.nextInt(200_000)];
            if (round % 2 == 0) {
                random.nextBytes(page); // incompressible
            } else {
                for (int i = 0; i < page.length; i++) {
                    page[i] = (byte) ('a' + random.nextInt(3)); // compressible
                }
            }
            byte[] compressed = Snappy.compress(page);
            // the compressed page inside a larger array, as a page read with others
            byte[] chunk = new byte[compressed.length + 17];
            System.arraycopy(compressed, 0, chunk, 9, compressed.length);
            BytesInput input = BytesInput.from(ByteBuffer.wrap(chunk, 9, compressed.length));

            byte[] ours =
                    codecs.getDecompressor(CompressionCodecName.SNAPPY)
                            .decompress(input, page.length)
                            .toByteArray();
            byte[] theirs =
                    parquets.getDecompressor(CompressionCodecName.SNAPPY)
                            .decompress(BytesInput.from(compressed), page.length)
                            .toByteArray();

            assertThat(ours).isEqualTo(page).isEqualTo(theirs);
        }
    }

    @Test
    void decompressesADirectPage() throws IOException {
        byte[] page = "a direct page, a direct page, a direct page".getBytes();
        byte[] compressed = Snappy.compress(page);
        ByteBuffer direct = ByteBuffer.allocateDirect(compressed.length);
        direct.put(compressed).flip();

        byte[] ours =
                codecs.getDecompressor(CompressionCodecName.SNAPPY)
                        .decompress(BytesInput.from(direct), page.length)
                        .toByteArray();

        assertThat(ours).isEqualTo(page);
    }

    @Test
    void anEmptyPageMayHaveNoByte() throws IOException {
        assertThat(
                        codecs.getDecompressor(CompressionCodecName.SNAPPY)
                                .decompress(BytesInput.empty(), 0)
                                .size())
                .isZero();
        assertThat(
                        codecs.getDecompressor(CompressionCodecName.SNAPPY)
                                .decompress(BytesInput.from(Snappy.compress(new byte[0])), 0)
                                .size())
                .isZero();
    }

    @Test
    void aPageWhoseDataDisagreesWithItsHeaderFails() throws IOException {
        byte[] compressed = Snappy.compress(new byte[1000]);

        assertThatThrownBy(
                        () ->
                                codecs.getDecompressor(CompressionCodecName.SNAPPY)
                                        .decompress(BytesInput.from(compressed), 2000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Corrupt SNAPPY page")
                .hasMessageContaining("1000")
                .hasMessageContaining("2000");
    }

    @Test
    void otherCodecsAreParquetJavas() throws IOException {
        byte[] page = "gzip page gzip page gzip page".getBytes();
        byte[] compressed =
                parquets.getCompressor(CompressionCodecName.GZIP)
                        .compress(BytesInput.from(page))
                        .toByteArray();

        byte[] ours =
                codecs.getDecompressor(CompressionCodecName.GZIP)
                        .decompress(BytesInput.from(compressed), page.length)
                        .toByteArray();

        assertThat(ours).isEqualTo(page);
    }
}
