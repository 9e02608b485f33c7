package dev.strata.server.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void parse_understandsTheThreeSingleRangeForms() {
    assertThat(ByteRange.parse("bytes=2-5", 10)).contains(new ByteRange(2, 5));
    assertThat(ByteRange.parse("bytes=7-", 10)).contains(new ByteRange(7, 9));
    assertThat(ByteRange.parse("bytes=-3", 10)).contains(new ByteRange(7, 9));
  }

  @Test
  void parse_clampsARangeThatRunsPastTheEnd() {
    assertThat(ByteRange.parse("bytes=5-500", 10)).contains(new ByteRange(5, 9));
    assertThat(ByteRange.parse("bytes=-500", 10)).contains(new ByteRange(0, 9));
  }

  @Test
  void parse_ignoresWhatItCannotParse_asS3Does() {
    assertThat(ByteRange.parse(null, 10)).isEmpty();
    assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isEmpty();
    assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
    assertThat(ByteRange.parse("bytes=5-2", 10)).isEmpty();
    assertThat(ByteRange.parse("bytes=-", 10)).isEmpty();
  }

  @Test
  void parse_refusesARangeWithNoByteInTheObject() {
    for (String header : new String[] {"bytes=10-", "bytes=10-20", "bytes=-0"}) {
      assertThatThrownBy(() -> ByteRange.parse(header, 10))
          .as(header)
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> assertThat(e.code()).isEqualTo(Optional.of("InvalidRange")));
    }
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(StrataException.class);
  }

  @Test
  void contentRange_namesTheRangeAndTheSize() {
    assertThat(new ByteRange(2, 5).contentRange(10)).isEqualTo("bytes 2-5/10");
    assertThat(new ByteRange(2, 5).length()).isEqualTo(4);
  }
}
