package io.laminardb.flink.parquet.arrow.ring0;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ring0CommittableSerializerTest {

    private static final Ring0Committable COMMITTABLE =
            new Ring0Committable("/d/.p-0-ü.arrows.inprogress", "/d/p-0-ü.arrows");

    /** Version 1 bytes of {@link #COMMITTABLE}, as written when version 1 was current. */
    private static final String VERSION_1_HEX =
            "0000001c2f642f2e702d302dc3bc2e6172726f77732e696e70726f6772657373"
                    + "000000102f642f702d302dc3bc2e6172726f7773";

    @Test
    void roundTripsAndReadsCommittedVersion1Bytes() throws Exception {
        Ring0CommittableSerializer serializer = Ring0CommittableSerializer.INSTANCE;
        byte[] bytes = serializer.serialize(COMMITTABLE);
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VERSION_1_HEX);
        assertThat(serializer.deserialize(1, HexFormat.of().parseHex(VERSION_1_HEX)))
                .isEqualTo(COMMITTABLE);
    }

    @Test
    void rejectsTrailingBytesAndUnknownVersions() {
        byte[] longer = HexFormat.of().parseHex(VERSION_1_HEX + "00");
        assertThatThrownBy(() -> Ring0CommittableSerializer.INSTANCE.deserialize(1, longer))
                .hasMessageContaining("1 trailing bytes after version 1");
        assertThatThrownBy(() -> Ring0CommittableSerializer.INSTANCE.deserialize(2, new byte[0]))
                .hasMessageContaining("Unknown Ring 0 committable version 2");
    }
}
