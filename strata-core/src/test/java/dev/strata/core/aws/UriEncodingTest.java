package dev.strata.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriEncodingTest {
  @Test
  void encode_keepsOnlyUnreservedCharacters() {
    assertThat(UriEncoding.encode("a-z_A.Z~0:9/ é")).isEqualTo("a-z_A.Z~0%3A9%2F%20%C3%A9");
  }

  @Test
  void encode_keepsSlashesOfAPathWhenAsked() {
    assertThat(UriEncoding.encode("/model/arn:aws:x/y", true)).isEqualTo("/model/arn%3Aaws%3Ax/y");
  }

  @Test
  void decode_undoesEncode_andKeepsPlusAndMalformedEscapes() {
    String text = "arn:aws:bedrock/é ü+%zz";

    assertThat(UriEncoding.decode(UriEncoding.encode(text))).isEqualTo(text);
    assertThat(UriEncoding.decode("a+b%2")).isEqualTo("a+b%2");
  }
}
