package io.laminardb.flink.parquet.testutils;

import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.GetOptions;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link CountingBlobStore} counts requests and the body bytes read out, whole and ranged. */
class CountingBlobStoreTest {

    @Test
    void countsGetsHeadsListsAndTheBodyBytesReadOut() throws Exception {
        try (BlobStoreContext context =
                ContextBuilder.newBuilder("transient")
                        .credentials("identity", "credential")
                        .build(BlobStoreContext.class)) {
            BlobStore memory = context.getBlobStore();
            memory.createContainerInLocation(null, "b");
            byte[] bytes = new byte[1000];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
            memory.putBlob(
                    "b",
                    memory.blobBuilder("k").payload(bytes).contentLength(bytes.length).build());
            CountingBlobStore counting = new CountingBlobStore(memory);
            BlobStore counted = counting.counted();
            CountingBlobStore.Counts start = counting.counts();

            Blob ranged = counted.getBlob("b", "k", new GetOptions().range(100, 199));
            byte[] read;
            try (InputStream in = ranged.getPayload().openStream()) {
                read = in.readAllBytes();
            }
            assertThat(read).hasSize(100);
            assertThat(read[0]).isEqualTo((byte) 100);
            assertThat(ranged.getMetadata().getName()).isEqualTo("k");

            // a GET whose body is read only in part counts what was read
            try (InputStream in = counted.getBlob("b", "k").getPayload().openStream()) {
                assertThat(in.read(new byte[10])).isEqualTo(10);
                assertThat(in.read()).isEqualTo(10);
            }
            assertThat(counted.blobMetadata("b", "k").getSize()).isEqualTo(1000L);
            assertThat(counted.list("b")).hasSize(1);
            assertThat(counted.getBlob("b", "missing")).isNull();

            assertThat(counting.counts().minus(start))
                    .isEqualTo(new CountingBlobStore.Counts(3, 1, 1, 111));
        }
    }
}
