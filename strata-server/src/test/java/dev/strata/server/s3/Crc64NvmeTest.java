package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Crc64NvmeTest {
  private static long crc(byte[] bytes) {
    Crc64Nvme crc = new Crc64Nvme();
    crc.update(bytes, 0, bytes.length);
    return crc.getValue();
  }

  @Test
  void crc_matchesTheCatalogueCheckValue() {
    assertThat(crc("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xAE8B14860A799888L);
  }

  @Test
  void crc_matchesAwsChecksumsKnownValueForThirtyTwoZeroes() {
    assertThat(crc(new byte[32])).isEqualTo(0xCF3473434D4ECF3BL);
  }

  @Test
  void crc_base64OfItsBigEndianBytes_isWhatS3Sends() {
    byte[] bytes = "Hello, World!\n".getBytes(StandardCharsets.US_ASCII);
    String base64 =
        Base64.getEncoder().encodeToString(ByteBuffer.allocate(8).putLong(crc(bytes)).array());

    assertThat(base64).isEqualTo("SoXXbx67KpE=");
    assertThat(ChecksumAlgorithm.CRC64NVME.start())
        .satisfies(
            running -> {
              running.update(bytes, 0, bytes.length);
              assertThat(running.base64()).isEqualTo("SoXXbx67KpE=");
            });
  }

  @Test
  void crc_fedInPieces_equalsTheCrcOfTheWhole() {
    byte[] bytes = S3EndpointTest.randomBytes(10_000);
    Crc64Nvme pieces = new Crc64Nvme();
    pieces.update(bytes, 0, 3);
    pieces.update(bytes[3]);
    pieces.update(bytes, 4, bytes.length - 4);

    assertThat(pieces.getValue()).isEqualTo(crc(bytes));
    pieces.reset();
    assertThat(pieces.getValue()).isEqualTo(crc(new byte[0]));
  }
}
