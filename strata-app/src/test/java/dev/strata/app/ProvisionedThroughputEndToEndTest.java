package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.bench.mock.MockOpenAiUpstream;
import dev.strata.bench.mock.MockSettings;
import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.money.Tier;
import dev.strata.store.Database;
import dev.strata.store.SqlLedgerReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.ProvisionedModelStatus;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Provisioned throughput through a whole Strata: a model created with the AWS SDK's
 * {@code BedrockClient} serves Converse calls from {@code BedrockRuntimeClient} by its ARN, its
 * requests are metered at $0 in the provisioned tier, and the admin break-even report lists it.
 */
@Timeout(120)
class ProvisionedThroughputEndToEndTest {
  private static final String BASE = "claude-haiku";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private MockOpenAiUpstream upstream;
  private TestDeployment deployment;
  private StaticCredentialsProvider credentials;

  @BeforeEach
  void start() {
    upstream = MockOpenAiUpstream.start(MockSettings.DEFAULTS.withUsage(30, 7, 0));
    try {
      deployment = new TestDeployment(dir, """
          local:
            enabled: false
          providers:
            mock:
              type: openai
              baseUrl: %s
              apiKey: sk-upstream
          models:
            - name: %s
              provider: mock
              upstreamModel: mock-model
              price: anthropic.claude-3-haiku-20240307-v1:0
          """.formatted(upstream.baseUrl(), BASE));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    deployment.start();
    TestDeployment.CliRun created = deployment.cli("keys", "create", "--name", "ml", "--aws", "--quiet");
    assertThat(created.code()).as(created.err()).isZero();
    List<String> lines = created.out().lines().toList();
    credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(lines.get(1).trim(), lines.get(2).trim()));
  }

  @AfterEach
  void stop() {
    deployment.close();
    upstream.close();
  }

  @Test
  void provisionedModel_servesByItsArn_atZeroMarginalCost_andIsInTheBreakEvenReport() throws Exception {
    String arn;
    try (BedrockClient control = BedrockClient.builder()
        .endpointOverride(URI.create(deployment.serverUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build()) {
      arn = control.createProvisionedModelThroughput(r -> r
              .provisionedModelName("support-bot").modelId(BASE).modelUnits(1))
          .provisionedModelArn();
      assertThat(control.getProvisionedModelThroughput(r -> r.provisionedModelId(arn)).status())
          .isEqualTo(ProvisionedModelStatus.IN_SERVICE);
    }

    try (BedrockRuntimeClient runtime = BedrockRuntimeClient.builder()
        .endpointOverride(URI.create(deployment.serverUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build()) {
      ConverseResponse answer = runtime.converse(r -> r
          .modelId(arn)
          .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build()));
      assertThat(answer.usage().inputTokens()).isEqualTo(30);
    }

    UsageRecord row;
    try (Database database = Database.open(deployment.config().storeUrl())) {
      deployment.strata().ledger().flush();
      row = new SqlLedgerReader(database).latest(10).stream()
          .filter(r -> r.operation().equals("chat"))
          .findFirst()
          .orElseThrow();
    }
    assertThat(row.tier()).isEqualTo(Tier.PROVISIONED);
    assertThat(row.cost().isZero()).isTrue();
    assertThat(row.priceReference()).contains(arn);
    assertThat(row.usage().inputTokens()).isEqualTo(30);

    String admin = deployment.adminSecret();
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpResponse<String> report = http.send(
          HttpRequest.newBuilder(URI.create(deployment.serverUrl() + "/admin/provisioned/report?since="
                  + URLEncoder.encode("1d", StandardCharsets.UTF_8)))
              .header("Authorization", "Bearer " + admin)
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(report.body());
      assertThat(body.toString()).contains("support-bot");
    }
  }
}
