package dev.strata.server.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.core.aws.SigV4Hashes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalRequestTest {
  @Test
  void awsDocumentedExample_givesTheDocumentedHashAndSignature() {
    // The IAM ListUsers example of AWS's "Signature Version 4 signing process" documentation.
    SignedRequest request =
        new SignedRequest(
            "GET",
            "/",
            "Action=ListUsers&Version=2010-05-08",
            Map.of(
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "host", List.of("iam.amazonaws.com"),
                "x-amz-date", List.of("20150830T123600Z")),
            new byte[0]);
    String canonical =
        CanonicalRequest.of(
            request,
            List.of("content-type", "host", "x-amz-date"),
            SigV4Hashes.sha256Hex(new byte[0]),
            true);
    AuthorizationHeader scope =
        AuthorizationHeader.parse(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-date,"
                + " Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");

    assertThat(SigV4Hashes.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    assertThat(
            SigV4Hashes.signature(
                Signatures.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", scope),
                SigV4Hashes.stringToSign("20150830T123600Z", scope.scope(), canonical)))
        .isEqualTo(scope.signature());
  }

  @Test
  void query_isDecodedReEncodedStrictlyAndSorted() {
    assertThat(CanonicalRequest.query("Param2=value2&Param1=value1"))
        .isEqualTo("Param1=value1&Param2=value2");
    assertThat(CanonicalRequest.query("b=2&a=z&a=%C3%BC%2F%2B&flag"))
        .isEqualTo("a=%C3%BC%2F%2B&a=z&b=2&flag=");
    assertThat(CanonicalRequest.query("q=a b*~")).isEqualTo("q=a%20b%2A~");
    assertThat(CanonicalRequest.query("")).isEmpty();
  }

  @Test
  void uri_removesDotSegments_andEncodesTheReceivedPathAgain() {
    assertThat(CanonicalRequest.uri("/example1/example2/../..", true)).isEqualTo("/");
    assertThat(CanonicalRequest.uri("/model/a%3A0/converse", true))
        .isEqualTo("/model/a%253A0/converse");
    assertThat(CanonicalRequest.uri("", true)).isEqualTo("/");
  }

  @Test
  void headerValues_areTrimmedCollapsedAndJoined() {
    assertThat(CanonicalRequest.headerValue(List.of("  value2a   value2b ", "value1")))
        .isEqualTo("value2a value2b,value1");
  }
}
