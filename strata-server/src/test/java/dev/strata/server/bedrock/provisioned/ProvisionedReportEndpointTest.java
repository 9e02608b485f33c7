package dev.strata.server.bedrock.provisioned;

import static dev.strata.server.bedrock.provisioned.ProvisionedTestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.model.Usage;
import dev.strata.core.testing.ScriptedReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.http.auth.scheme.BearerAuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.auth.scheme.BedrockAuthSchemeProvider;
import software.amazon.awssdk.services.bedrock.model.CommitmentDuration;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * {@code GET /admin/provisioned/report}: a model provisioned and used through the SDKs, its hours
 * accrued, and the break-even report read back as JSON.
 */
class ProvisionedReportEndpointTest {
  private static final List<AuthSchemeOption> BEARER_ONLY =
      List.of(AuthSchemeOption.builder().schemeId(BearerAuthScheme.SCHEME_ID).build());
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ProvisionedTestServer server;
  private static final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private static Instant created;
  private static String arn;

  @BeforeAll
  static void provisionServeAndAccrue() {
    server = new ProvisionedTestServer();
    server.provider.reply(
        ProvisionedTestServer.UPSTREAM, ScriptedReply.text("ok", Usage.of(20, 9_980)));
    created = server.registryClock.instant();
    try (BedrockClient control =
            BedrockClient.builder()
                .endpointOverride(server.uri())
                .region(Region.US_WEST_2)
                .tokenProvider(StaticTokenProvider.create(() -> server.alice.secret()))
                .authSchemeProvider((BedrockAuthSchemeProvider) params -> BEARER_ONLY)
                .build();
        BedrockRuntimeClient runtime =
            BedrockRuntimeClient.builder()
                .endpointOverride(server.uri())
                .region(Region.US_WEST_2)
                .tokenProvider(StaticTokenProvider.create(() -> server.alice.secret()))
                .authSchemeProvider((BedrockRuntimeAuthSchemeProvider) params -> BEARER_ONLY)
                .build()) {
      arn =
          control
              .createProvisionedModelThroughput(
                  r ->
                      r.provisionedModelName("report-bot")
                          .modelId(BASE)
                          .modelUnits(2)
                          .commitmentDuration(CommitmentDuration.ONE_MONTH))
              .provisionedModelArn();
      for (int i = 0; i < 2; i++) {
        runtime.converse(
            r ->
                r.modelId("report-bot")
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText("hello"))
                            .build()));
      }
    }
    server.registryClock.advance(Duration.ofMinutes(200));
    assertThat(server.accrual.accrueNow()).isEqualTo(3);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String query, String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.uri() + "/admin/provisioned/report" + query))
            .GET();
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void report_showsHoursCostTokensUtilisationAndTheLossAgainstOnDemand() throws Exception {
    String period = "?since=" + created + "&until=" + created.plus(Duration.ofDays(1));

    HttpResponse<String> response = get(period, ProvisionedTestServer.ADMIN_SECRET);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode report = JSON.readTree(response.body());
    assertThat(report.path("object").asText()).isEqualTo("provisioned_report");
    assertThat(report.path("since").asText()).isEqualTo(created.toString());
    assertThat(report.path("accrued_cost_usd").asText()).isEqualTo("21.6"); // 3 h x 2 units x $3.60
    JsonNode line = report.path("data").get(0);
    assertThat(line.path("provisioned_model_arn").asText()).isEqualTo(arn);
    assertThat(line.path("name").asText()).isEqualTo("report-bot");
    assertThat(line.path("commitment").asText()).isEqualTo("OneMonth");
    assertThat(line.path("owner").path("key_id").asText()).isEqualTo(server.alice.key().id());
    assertThat(line.path("hours").asLong()).isEqualTo(3);
    assertThat(line.path("accrued_cost_micros").asLong()).isEqualTo(21_600_000);
    assertThat(line.path("requests").asLong()).isEqualTo(2);
    assertThat(line.path("tokens_served").asLong()).isEqualTo(20_000);
    assertThat(line.path("capacity_tokens").asLong()).isEqualTo(36_000_000); // 3 h x 60 x 200,000
    assertThat(line.path("utilisation").asText()).isEqualTo("0.000556");
    // 2 x (20 input x $0.80 + 9,980 output x $4.00 per million)
    assertThat(line.path("on_demand_cost_usd").asText()).isEqualTo("0.079872");
    assertThat(line.path("saving_usd").asText()).isEqualTo("-21.520128");
    assertThat(line.path("verdict").asText()).isEqualTo("loss");
    assertThat(line.has("break_even_utilisation")).isTrue();
  }

  @Test
  void report_needsTheAdminKey_andKnownParameters() throws Exception {
    HttpResponse<String> anonymous = get("", null);
    HttpResponse<String> wrongKey = get("", server.alice.secret());
    HttpResponse<String> unknown = get("?by=model", ProvisionedTestServer.ADMIN_SECRET);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).path("error").path("message").asText())
        .contains("admin key");
    assertThat(wrongKey.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(unknown.body()).path("error").path("param").asText()).isEqualTo("by");
  }
}
