package dev.strata.server.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.StrataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * What the real Bedrock runtime client of the AWS SDK v2 signs, captured just before it would go
 * on the wire, passes the verifier: path encoding, headers and payload hash as the SDK does them.
 */
class BedrockClientSignatureTest {
  private static final String ACCESS_KEY = "AKSTEXAMPLE000000001";
  private static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY00";

  /** Records the signed request and stops the call before any connection is made. */
  private static final class Capture implements ExecutionInterceptor {
    final AtomicReference<SignedRequest> sent = new AtomicReference<>();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      byte[] body =
          context
              .requestBody()
              .map(BedrockClientSignatureTest::bytes)
              .orElse(new byte[0]);
      sent.set(SdkRequests.received(context.httpRequest(), body));
      throw new CapturedException();
    }
  }

  private static final class CapturedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static byte[] bytes(RequestBody body) {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SignedRequest converseSentBy(String secret) {
    Capture capture = new Capture();
    try (BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .region(Region.EU_WEST_3)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secret)))
            .overrideConfiguration(c -> c.addExecutionInterceptor(capture))
            .build()) {
      assertThatThrownBy(
              () ->
                  client.converse(
                      r ->
                          r.modelId("anthropic.claude-3-haiku-20240307-v1:0")
                              .messages(
                                  Message.builder()
                                      .role(ConversationRole.USER)
                                      .content(ContentBlock.fromText("Hello, Strata"))
                                      .build())))
          .isInstanceOf(CapturedException.class);
    }
    assertThat(capture.sent.get()).as("the signed request the client was about to send").isNotNull();
    return capture.sent.get();
  }

  @Test
  void theBedrockRuntimeClientsConverseSignature_isAccepted() {
    InMemoryAwsCredentials store = new InMemoryAwsCredentials();
    store.add(ACCESS_KEY, SECRET, "key_sdk", false);
    SigV4Verifier verifier = new SigV4Verifier(store, Clock.systemUTC());

    SignedRequest sent = converseSentBy(SECRET);

    assertThat(sent.rawPath()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    assertThat(verifier.isSigned(sent.headers())).isTrue();
    assertThat(verifier.verify(sent).keyId()).isEqualTo("key_sdk");
  }

  @Test
  void theBedrockRuntimeClientWithAWrongSecret_isRefused() {
    InMemoryAwsCredentials store = new InMemoryAwsCredentials();
    store.add(ACCESS_KEY, SECRET, "key_sdk", false);
    SigV4Verifier verifier = new SigV4Verifier(store, Clock.systemUTC());

    SignedRequest sent = converseSentBy("not-the-secret");

    assertThatThrownBy(() -> verifier.verify(sent))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("The request signature we calculated does not match");
  }
}
