package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * The AWS SDK for Java v2, unmodified but for {@code endpointOverride}, signs with SigV4 using an
 * access key issued by {@code strata keys create --aws}; Strata verifies the signature, serves
 * Converse and ConverseStream from an OpenAI-compatible upstream and the local engine, and bills
 * the key the credential is bound to.
 */
@Timeout(180)
class BedrockSigV4EndToEndTest {
  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private TestDeployment deployment;
  private String accessKeyId;
  private String secret;

  @BeforeEach
  void start() throws Exception {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(30, 7, 0).withResponseText("Bedrock via OpenAI"));
    deployment =
        new TestDeployment(
            dir,
            TestDeployment.mockProvider(upstream.baseUrl())
                + "local:\n  model: " + LocalEngineEndToEndTest.tinyModel() + "\n  contextSize: 1024\n  maxOutputTokens: 8\n");
    deployment.start();
    TestDeployment.CliRun created = deployment.cli("keys", "create", "--name", "aws-app", "--team", "ml", "--aws", "--quiet");
    assertThat(created.code()).as(created.err()).isZero();
    List<String> lines = created.out().lines().toList();
    accessKeyId = lines.get(1).trim();
    secret = lines.get(2).trim();
  }

  @AfterEach
  void stop() {
    deployment.close();
    upstream.close();
  }

  private BedrockRuntimeClient client(String secretKey) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(URI.create(deployment.serverUrl()))
        .region(Region.US_WEST_2)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretKey)))
        .build();
  }

  @Test
  void converse_signedWithAnIssuedAccessKey_isServedByBothBackendsAndBilledToItsKey() {
    try (BedrockRuntimeClient client = client(secret)) {
      ConverseResponse remote = client.converse(r -> r.modelId("gpt-4o-mini").messages(user("Hi")));
      ConverseResponse local = client.converse(r -> r.modelId("local").messages(user("Hi")).inferenceConfig(c -> c.maxTokens(4)));

      assertThat(remote.output().message().content().get(0).text()).isEqualTo("Bedrock via OpenAI");
      assertThat(remote.usage().inputTokens()).isEqualTo(30);
      assertThat(local.output().message().content().get(0).text()).isNotEmpty();
    }
    deployment.close();
    List<UsageRecord> records = records();
    assertThat(records).hasSize(2);
    assertThat(records).allSatisfy(r -> {
      assertThat(r.wireFormat()).isEqualTo("bedrock");
      assertThat(r.principal().team()).isEqualTo("ml");
    });
    assertThat(records).extracting(UsageRecord::provider).containsExactlyInAnyOrder("mock", "local");
  }

  @Test
  void converseStream_signedByTheAsyncClient_relaysEventsAndUsage() throws Exception {
    StringBuilder text = new StringBuilder();
    CompletableFuture<ConverseStreamMetadataEvent> metadata = new CompletableFuture<>();
    try (BedrockRuntimeAsyncClient client =
        BedrockRuntimeAsyncClient.builder()
            .endpointOverride(URI.create(deployment.serverUrl()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
            .build()) {
      client
          .converseStream(
              r -> r.modelId("gpt-4o-mini").messages(user("Stream please")),
              ConverseStreamResponseHandler.builder()
                  .subscriber(
                      ConverseStreamResponseHandler.Visitor.builder()
                          .onContentBlockDelta(e -> {
                            synchronized (text) {
                              text.append(e.delta().text());
                            }
                          })
                          .onMetadata(metadata::complete)
                          .build())
                  .build())
          .get(60, TimeUnit.SECONDS);
    }

    synchronized (text) {
      assertThat(text.toString()).isEqualTo("Bedrock via OpenAI");
    }
    assertThat(metadata.get(1, TimeUnit.SECONDS).usage().outputTokens()).isEqualTo(7);
  }

  @Test
  void wrongSecret_surfacesAsAccessDeniedException_andNothingIsCalled() {
    try (BedrockRuntimeClient client = client("0".repeat(40))) {
      assertThatThrownBy(() -> client.converse(r -> r.modelId("gpt-4o-mini").messages(user("Hi"))))
          .isInstanceOf(AccessDeniedException.class);
    }
    assertThat(upstream.requestCount()).isZero();
  }

  private static Message user(String text) {
    return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
  }

  private List<UsageRecord> records() {
    try (Database database = Database.open(deployment.config().storeUrl())) {
      return new SqlLedgerReader(database).latest(100);
    }
  }
}
