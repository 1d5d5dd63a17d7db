package dev.descent.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SizesTest {

    @Test
    void byteCountsInBinaryUnits() {
        assertThat(Sizes.bytes(0)).isEqualTo("0 bytes");
        assertThat(Sizes.bytes(1)).isEqualTo("1 byte");
        assertThat(Sizes.bytes(1023)).isEqualTo("1023 bytes");
        assertThat(Sizes.bytes(8232)).isEqualTo("8232 bytes");
        assertThat(Sizes.bytes((1L << 20) - 1)).isEqualTo("1048575 bytes");
        assertThat(Sizes.bytes(3L << 19)).isEqualTo("1.5 MiB");
        assertThat(Sizes.bytes(8L * 2_801_400_023L)).isEqualTo("20.9 GiB");
        assertThat(Sizes.bytes(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
