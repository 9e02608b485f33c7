package dev.strata.server.s3;

import java.util.Objects;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME (polynomial 0xAD93D23594C93659, reflected, initial and final value all ones), the
 * checksum S3 computes by default for new objects; table-driven, one byte at a time.
 */
final class Crc64Nvme implements Checksum {
  private static final long REFLECTED_POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
  private static final long[] TABLE = table();

  private long crc = -1L;

  @Override
  public void update(int b) {
    crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    long value = crc;
    for (int i = offset; i < offset + length; i++) {
      value = TABLE[(int) ((value ^ bytes[i]) & 0xff)] ^ (value >>> 8);
    }
    crc = value;
  }

  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }

  private static long[] table() {
    long[] table = new long[256];
    for (int n = 0; n < 256; n++) {
      long value = n;
      for (int bit = 0; bit < 8; bit++) {
        value = (value & 1) != 0 ? (value >>> 1) ^ REFLECTED_POLYNOMIAL : value >>> 1;
      }
      table[n] = value;
    }
    return table;
  }
}
