package dev.strata.server.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by AWS's own SigV4 signer in the modes S3 clients use — payload hashed or
 * unsigned, plain or {@code aws-chunked}, with a checksum trailer — and sent with the JDK's HTTP
 * client, so a test can change what is sent after it was signed.
 */
final class SignedCalls {
  private static final Set<String> RESTRICTED =
      Set.of("host", "content-length", "expect", "connection");

  /** How to sign: which key, and which of the signer's payload modes. */
  record Signing(
      String accessKey,
      String secret,
      boolean payloadSigning,
      boolean chunked,
      Optional<ChecksumAlgorithm> trailerChecksum,
      boolean presigned) {
    static Signing hashed() {
      return new Signing(
          S3TestServer.ACCESS_KEY, S3TestServer.SECRET, true, false, Optional.empty(), false);
    }

    Signing withKey(String accessKey, String secret) {
      return new Signing(accessKey, secret, payloadSigning, chunked, trailerChecksum, presigned);
    }

    Signing unsignedPayload() {
      return new Signing(accessKey, secret, false, chunked, trailerChecksum, presigned);
    }

    Signing chunked(Optional<ChecksumAlgorithm> trailer) {
      return new Signing(accessKey, secret, payloadSigning, true, trailer, presigned);
    }

    Signing presignedUrl() {
      return new Signing(accessKey, secret, payloadSigning, chunked, trailerChecksum, true);
    }
  }

  record Reply(int status, HttpResponse<String> response) {
    String body() {
      return response.body();
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse("");
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final int port;

  SignedCalls(int port) {
    this.port = port;
  }

  /** Signs and sends; {@code tamper} may change the encoded body after signing. */
  Reply send(
      String method,
      String pathAndQuery,
      Map<String, String> headers,
      byte[] body,
      Signing signing,
      UnaryOperator<byte[]> tamper) {
    // AWS's signer signs every payload of a plain-HTTP request; an https URI (the scheme is not
    // signed) gets it to leave the payload unsigned, as over TLS.
    String scheme = signing.payloadSigning() ? "http" : "https";
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(URI.create(scheme + "://127.0.0.1:" + port + pathAndQuery));
    headers.forEach(request::putHeader);
    if (body.length > 0 || method.equals("PUT")) {
      request.putHeader("Content-Length", Integer.toString(body.length));
    }
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(AwsCredentialsIdentity.create(signing.accessKey(), signing.secret()))
                      .request(request.build())
                      .payload(ContentStreamProvider.fromByteArray(body))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                      .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                      .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                      .putProperty(
                          AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signing.payloadSigning())
                      .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, signing.chunked());
                  signing
                      .trailerChecksum()
                      .ifPresent(
                          algorithm ->
                              r.putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, algorithm));
                  if (signing.presigned()) {
                    r.putProperty(
                        AwsV4HttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING);
                  }
                });
    byte[] encoded = tamper.apply(signed.payload().map(SignedCalls::read).orElse(body));
    URI signedUri = signed.request().getUri();
    HttpRequest.Builder out =
        HttpRequest.newBuilder(URI.create("http" + signedUri.toString().substring(scheme.length())))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(encoded));
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> out.header(name, value));
              }
            });
    try {
      HttpResponse<String> response = http.send(out.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Reply send(String method, String pathAndQuery, byte[] body, Signing signing) {
    return send(method, pathAndQuery, Map.of(), body, signing, bytes -> bytes);
  }

  private static byte[] read(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
