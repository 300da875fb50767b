package io.laminardb.flink.parquet.arrow.ring0;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpscRingTest {

    @Test
    void aFullRingRefusesAndAnEmptyOneGivesNothing() {
        SpscRing<String> ring = new SpscRing<>(3); // rounded up to 4
        assertThat(ring.capacity()).isEqualTo(4);
        assertThat(ring.poll()).isNull();
        for (String s : List.of("a", "b", "c", "d")) {
            assertThat(ring.offer(s)).isTrue();
        }
        assertThat(ring.offer("e")).isFalse();
        assertThat(ring.size()).isEqualTo(4);
        assertThat(ring.poll()).isEqualTo("a");
        assertThat(ring.offer("e")).isTrue();
        List<String> rest = new ArrayList<>();
        for (String s = ring.poll(); s != null; s = ring.poll()) {
            rest.add(s);
        }
        assertThat(rest).containsExactly("b", "c", "d", "e");
    }

    @Test
    void twoThreadsPassEveryValueInOrder() throws Exception {
        int n = 300_000;
        Integer[] values = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 7;
        }
        SpscRing<Integer> ring = new SpscRing<>(4);
        Thread producer =
                new Thread(
                        () -> {
                            for (Integer v : values) {
                                while (!ring.offer(v)) {
                                    Thread.onSpinWait();
                                }
                            }
                        });
        producer.start();
        int[] received = new int[n];
        for (int i = 0; i < n; ) {
            Integer v = ring.poll();
            if (v != null) {
                received[i++] = v;
            } else {
                Thread.onSpinWait();
            }
        }
        producer.join();
        for (int i = 0; i < n; i++) {
            assertThat(received[i]).isEqualTo(i * 7);
        }
        assertThat(ring.poll()).isNull();
    }

    @Test
    void capacityIsChecked() {
        assertThatThrownBy(() -> new SpscRing<>(0))
                .hasMessageContaining("ring capacity must be between 1 and 2^30, not 0");
    }
}
