package dev.strata.core.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Against the worked example of AWS's SigV4 documentation (IAM ListUsers, 2015-08-30). */
class SigV4HashesTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

  @Test
  void signingKey_isTheDocumentedDerivation() {
    byte[] key = SigV4Hashes.signingKey(SECRET, "20150830", "us-east-1", "iam");

    assertThat(HexFormat.of().formatHex(key))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  }

  @Test
  void signature_ofTheDocumentedStringToSign() {
    String canonical =
        "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            + "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            + "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            + "content-type;host;x-amz-date\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    String toSign =
        SigV4Hashes.stringToSign(
            "20150830T123600Z", "20150830/us-east-1/iam/aws4_request", canonical);

    assertThat(SigV4Hashes.sha256Hex(canonical))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    assertThat(
            SigV4Hashes.signature(
                SigV4Hashes.signingKey(SECRET, "20150830", "us-east-1", "iam"), toSign))
        .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  }
}
