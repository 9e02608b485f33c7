package dev.strata.server.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.AwsCredential;
import dev.strata.core.auth.AwsCredentialStore;
import dev.strata.core.model.Usage;
import dev.strata.core.testing.ScriptedReply;
import dev.strata.server.aws.SigV4Verifier;
import dev.strata.server.http.BlockingEndpoints;
import dev.strata.server.http.RequestExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The AWS SDK signing with SigV4 (its default) against the Bedrock frontend mounted with {@link
 * BedrockCallerResolver#sigV4}: the signed caller is billed without any bearer key.
 */
class BedrockSigV4Test {
  private static final String MODEL = BedrockTestServer.MODEL;

  private static BedrockTestServer server;
  private static RequestExecutor executor;
  private static HttpServer listener;
  private static AwsCredential credential;

  @BeforeAll
  static void start() {
    server = new BedrockTestServer();
    ApiKey key = server.keys.list().get(0);
    credential = new AwsCredential("AKIASTRATATEST000001", "test-secret-access-key", key);
    AwsCredentialStore store =
        new AwsCredentialStore() {
          private final Map<String, AwsCredential> byId =
              new ConcurrentHashMap<>(Map.of(credential.accessKeyId(), credential));

          @Override
          public AwsCredential issue(String keyId) {
            throw new UnsupportedOperationException("not used");
          }

          @Override
          public Optional<AwsCredential> findByAccessKeyId(String accessKeyId) {
            return Optional.ofNullable(byId.get(accessKeyId));
          }
        };
    executor = new RequestExecutor(64);
    BlockingEndpoints endpoints =
        new BlockingEndpoints(executor, new BedrockErrors(), server.clock, 1024 * 1024);
    Router router = Router.router(server.vertx);
    new BedrockFrontend(
            server.path,
            server.authenticator,
            server.catalog,
            endpoints,
            BedrockCallerResolver.sigV4(new SigV4Verifier(store, server.clock)),
            Duration.ofSeconds(30))
        .mount(router);
    listener =
        server.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterAll
  static void stop() {
    listener.close().await();
    executor.close();
    server.close();
  }

  @Test
  void converse_signedWithAnIssuedAccessKey_isServedAndBilledToItsKey() {
    server.provider.reply(MODEL, ScriptedReply.text("signed hello", Usage.of(5, 2)));
    try (BedrockRuntimeClient client = client(credential.secretAccessKey())) {
      ConverseResponse response =
          client.converse(
              request ->
                  request
                      .modelId(MODEL)
                      .messages(
                          Message.builder()
                              .role(ConversationRole.USER)
                              .content(ContentBlock.fromText("hi"))
                              .build()));

      assertThat(response.output().message().content().get(0).text()).isEqualTo("signed hello");
      var record = server.ledger.awaitRecords(1, Duration.ofSeconds(10)).getLast();
      assertThat(record.principal().keyId()).isEqualTo(credential.key().id());
    }
  }

  @Test
  void converse_signedWithTheWrongSecret_isAccessDenied() {
    try (BedrockRuntimeClient client = client("not-the-secret")) {
      assertThatThrownBy(
              () ->
                  client.converse(
                      request ->
                          request
                              .modelId(MODEL)
                              .messages(
                                  Message.builder()
                                      .role(ConversationRole.USER)
                                      .content(ContentBlock.fromText("hi"))
                                      .build())))
          .isInstanceOfSatisfying(
              AccessDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  private static BedrockRuntimeClient client(String secret) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + listener.actualPort()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(credential.accessKeyId(), secret)))
        .build();
  }
}
