package dev.strata.server.bedrock.provisioned;

import static dev.strata.server.bedrock.provisioned.ProvisionedTestServer.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.ledger.UsageRecord;
import dev.strata.core.model.Usage;
import dev.strata.core.money.Money;
import dev.strata.core.money.Tier;
import dev.strata.core.testing.ScriptedReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.token.credentials.StaticTokenProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.auth.scheme.BearerAuthScheme;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.auth.scheme.BedrockAuthSchemeProvider;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.CommitmentDuration;
import software.amazon.awssdk.services.bedrock.model.GetProvisionedModelThroughputResponse;
import software.amazon.awssdk.services.bedrock.model.ProvisionedModelStatus;
import software.amazon.awssdk.services.bedrock.model.ProvisionedModelSummary;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrock.model.SortOrder;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.TooManyTagsException;
import software.amazon.awssdk.services.bedrock.model.ValidationException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.auth.scheme.BedrockRuntimeAuthSchemeProvider;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/**
 * The provisioned-throughput control plane through the official AWS SDK's {@code BedrockClient},
 * and provisioned models served through {@code BedrockRuntimeClient}, against the real server.
 */
class ProvisionedThroughputSdkTest {
  private static final List<AuthSchemeOption> BEARER_ONLY =
      List.of(AuthSchemeOption.builder().schemeId(BearerAuthScheme.SCHEME_ID).build());

  private static ProvisionedTestServer server;
  private static BedrockClient alice;
  private static BedrockClient mallory;

  @BeforeAll
  static void start() {
    server = new ProvisionedTestServer();
    alice = control(server.alice.secret());
    mallory = control(server.mallory.secret());
  }

  @AfterAll
  static void stop() {
    alice.close();
    mallory.close();
    server.close();
  }

  /** Each test starts without provisioned models. */
  @AfterEach
  void deleteAll() {
    server.registryClock.advance(Duration.ofDays(400)); // past every commitment term
    for (ProvisionedModelSummary model :
        alice.listProvisionedModelThroughputsPaginator(r -> {}).provisionedModelSummaries()) {
      alice.deleteProvisionedModelThroughput(
          r -> r.provisionedModelId(model.provisionedModelArn()));
    }
  }

  private static BedrockClient control(String bearerKey) {
    return BedrockClient.builder()
        .endpointOverride(server.uri())
        .region(Region.US_WEST_2)
        .tokenProvider(StaticTokenProvider.create(() -> bearerKey))
        .authSchemeProvider((BedrockAuthSchemeProvider) params -> BEARER_ONLY)
        .build();
  }

  private static String create(String name, int units, CommitmentDuration term) {
    return alice
        .createProvisionedModelThroughput(
            r -> {
              r.provisionedModelName(name).modelId(BASE).modelUnits(units);
              if (term != null) {
                r.commitmentDuration(term);
              }
            })
        .provisionedModelArn();
  }

  @Test
  void createGetUpdateDelete_roundTripInTheSdksShapes() {
    Instant created = server.registryClock.instant();
    String arn =
        alice
            .createProvisionedModelThroughput(
                r ->
                    r.provisionedModelName("support-bot")
                        .modelId("arn:aws:bedrock:us-west-2::foundation-model/" + BASE)
                        .modelUnits(2)
                        .commitmentDuration(CommitmentDuration.ONE_MONTH)
                        .clientRequestToken("token-1")
                        .tags(Tag.builder().key("project").value("alpha").build()))
            .provisionedModelArn();

    assertThat(arn)
        .matches("arn:aws:bedrock:us-west-2:123456789012:provisioned-model/[a-z0-9]{12}");
    GetProvisionedModelThroughputResponse got =
        alice.getProvisionedModelThroughput(r -> r.provisionedModelId(arn));
    assertThat(got.provisionedModelName()).isEqualTo("support-bot");
    assertThat(got.provisionedModelArn()).isEqualTo(arn);
    assertThat(got.modelArn()).isEqualTo("arn:aws:bedrock:us-west-2::foundation-model/" + BASE);
    assertThat(got.foundationModelArn()).isEqualTo(got.modelArn());
    assertThat(got.desiredModelArn()).isEqualTo(got.modelArn());
    assertThat(got.modelUnits()).isEqualTo(2);
    assertThat(got.desiredModelUnits()).isEqualTo(2);
    assertThat(got.status()).isEqualTo(ProvisionedModelStatus.IN_SERVICE);
    assertThat(got.commitmentDuration()).isEqualTo(CommitmentDuration.ONE_MONTH);
    assertThat(got.creationTime()).isEqualTo(created);
    assertThat(got.commitmentExpirationTime())
        .isEqualTo(created.atZone(java.time.ZoneOffset.UTC).plusMonths(1).toInstant());
    assertThat(got.failureMessage()).isNull();
    assertThat(
            alice
                .getProvisionedModelThroughput(r -> r.provisionedModelId("support-bot"))
                .provisionedModelArn())
        .as("by name")
        .isEqualTo(arn);
    assertThat(
            alice
                .createProvisionedModelThroughput(
                    r ->
                        r.provisionedModelName("again")
                            .modelId(BASE)
                            .modelUnits(9)
                            .clientRequestToken("token-1"))
                .provisionedModelArn())
        .as("same client token, same model")
        .isEqualTo(arn);

    alice.updateProvisionedModelThroughput(
        r -> r.provisionedModelId(arn).desiredProvisionedModelName("helpdesk"));
    assertThat(
            alice
                .getProvisionedModelThroughput(r -> r.provisionedModelId("helpdesk"))
                .provisionedModelArn())
        .isEqualTo(arn);

    assertThatThrownBy(() -> alice.deleteProvisionedModelThroughput(r -> r.provisionedModelId(arn)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("OneMonth commitment until " + got.commitmentExpirationTime());
            });
    server.registryClock.set(got.commitmentExpirationTime());
    alice.deleteProvisionedModelThroughput(r -> r.provisionedModelId("helpdesk"));
    assertThatThrownBy(() -> alice.getProvisionedModelThroughput(r -> r.provisionedModelId(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void list_filtersSortsAndPages() {
    String first = create("alpha-1", 1, null);
    server.registryClock.advance(Duration.ofMinutes(1));
    String second = create("beta-1", 1, CommitmentDuration.SIX_MONTHS);
    server.registryClock.advance(Duration.ofMinutes(1));
    String third = create("alpha-2", 1, null);
    server.registryClock.advance(Duration.ofMinutes(1));
    String fourth = create("alpha-3", 1, null);
    server.registryClock.advance(Duration.ofMinutes(1));
    String fifth = create("gamma-1", 1, null);

    Function<List<ProvisionedModelSummary>, List<String>> arns =
        list -> list.stream().map(ProvisionedModelSummary::provisionedModelArn).toList();
    assertThat(
            arns.apply(
                alice
                    .listProvisionedModelThroughputsPaginator(r -> r.maxResults(2))
                    .provisionedModelSummaries()
                    .stream()
                    .toList()))
        .as("newest first, two per page")
        .containsExactly(fifth, fourth, third, second, first);
    var page =
        alice.listProvisionedModelThroughputs(r -> r.maxResults(2).sortOrder(SortOrder.ASCENDING));
    assertThat(arns.apply(page.provisionedModelSummaries())).containsExactly(first, second);
    assertThat(page.nextToken()).isNotNull();
    assertThat(
            arns.apply(
                alice
                    .listProvisionedModelThroughputs(
                        r ->
                            r.maxResults(2)
                                .sortOrder(SortOrder.ASCENDING)
                                .nextToken(page.nextToken()))
                    .provisionedModelSummaries()))
        .containsExactly(third, fourth);
    assertThat(
            arns.apply(
                alice
                    .listProvisionedModelThroughputs(
                        r -> r.nameContains("alpha").sortOrder(SortOrder.ASCENDING))
                    .provisionedModelSummaries()))
        .containsExactly(first, third, fourth);
    Instant secondCreated =
        alice.getProvisionedModelThroughput(r -> r.provisionedModelId(second)).creationTime();
    assertThat(
            arns.apply(
                alice
                    .listProvisionedModelThroughputs(
                        r -> r.creationTimeAfter(secondCreated).modelArnEquals(BASE))
                    .provisionedModelSummaries()))
        .containsExactly(fifth, fourth, third);
    assertThat(
            alice
                .listProvisionedModelThroughputs(
                    r -> r.statusEquals(ProvisionedModelStatus.CREATING))
                .provisionedModelSummaries())
        .isEmpty();
    ProvisionedModelSummary committed =
        alice
            .listProvisionedModelThroughputs(r -> r.nameContains("beta"))
            .provisionedModelSummaries()
            .get(0);
    assertThat(committed.commitmentDuration()).isEqualTo(CommitmentDuration.SIX_MONTHS);
    assertThat(committed.modelUnits()).isEqualTo(1);
    assertThat(committed.statusAsString()).isEqualTo("InService");
  }

  @Test
  void badRequests_areBedrockErrorsNamingTheMember() {
    assertThatThrownBy(
            () ->
                alice.createProvisionedModelThroughput(
                    r -> r.provisionedModelName("bot").modelId(BASE)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("modelUnits");
    assertThatThrownBy(
            () ->
                alice.createProvisionedModelThroughput(
                    r ->
                        r.provisionedModelName("bot")
                            .modelId(BASE)
                            .modelUnits(1)
                            .commitmentDuration("OneYear")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("[OneMonth, SixMonths]");
    assertThatThrownBy(
            () ->
                alice.createProvisionedModelThroughput(
                    r -> r.provisionedModelName("bot").modelId("claude-9").modelUnits(1)))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("claude-9");
    assertThatThrownBy(
            () ->
                alice.createProvisionedModelThroughput(
                    r -> r.provisionedModelName("bot").modelId(BASE).modelUnits(1_000_000)))
        .isInstanceOf(ServiceQuotaExceededException.class);
    Tag[] tags = new Tag[201];
    for (int i = 0; i < tags.length; i++) {
      tags[i] = Tag.builder().key("k" + i).value("v").build();
    }
    assertThatThrownBy(
            () ->
                alice.createProvisionedModelThroughput(
                    r -> r.provisionedModelName("bot").modelId(BASE).modelUnits(1).tags(tags)))
        .isInstanceOf(TooManyTagsException.class);
    assertThatThrownBy(
            () -> alice.getProvisionedModelThroughput(r -> r.provisionedModelId("nobody")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> alice.listProvisionedModelThroughputs(r -> r.maxResults(0)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maxResults");
    assertThatThrownBy(() -> alice.listProvisionedModelThroughputs(r -> r.nextToken("garbage!")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("nextToken");
  }

  @Test
  void anotherTenant_seesNothing_andNoKeyIsAccessDenied() {
    String arn = create("private-bot", 1, null);

    assertThatThrownBy(() -> mallory.getProvisionedModelThroughput(r -> r.provisionedModelId(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(
            () -> mallory.deleteProvisionedModelThroughput(r -> r.provisionedModelId(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(mallory.listProvisionedModelThroughputs(r -> {}).provisionedModelSummaries())
        .isEmpty();
    try (BedrockClient nobody = control("sk-strata-unknown")) {
      assertThatThrownBy(() -> nobody.listProvisionedModelThroughputs(r -> {}))
          .isInstanceOf(AccessDeniedException.class);
    }
  }

  @Test
  void aSigV4SignedClient_managesItsKeysModels() {
    try (BedrockClient signed =
        BedrockClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_WEST_2)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        server.aliceAws.accessKeyId(), server.aliceAws.secretAccessKey())))
            .build()) {
      String arn =
          signed
              .createProvisionedModelThroughput(
                  r -> r.provisionedModelName("signed-bot").modelId(BASE).modelUnits(1))
              .provisionedModelArn();

      assertThat(
              alice
                  .getProvisionedModelThroughput(r -> r.provisionedModelId(arn))
                  .provisionedModelName())
          .isEqualTo("signed-bot");
      signed.updateProvisionedModelThroughput(
          r -> r.provisionedModelId(arn).desiredProvisionedModelName("signed-2"));
      assertThat(
              signed
                  .getProvisionedModelThroughput(r -> r.provisionedModelId(arn))
                  .provisionedModelName())
          .isEqualTo("signed-2");
      signed.deleteProvisionedModelThroughput(r -> r.provisionedModelId(arn));
      assertThat(signed.listProvisionedModelThroughputs(r -> {}).provisionedModelSummaries())
          .isEmpty();
    }
  }

  @Test
  void aProvisionedModel_servesAtItsCapacity_whileOnDemandCallsToItsBaseAreThrottled() {
    // every answer uses 10,000 tokens
    server.provider.reply(
        ProvisionedTestServer.UPSTREAM, ScriptedReply.text("on it", Usage.of(20, 9_980)));
    String arn = create("lane-bot", 1, null); // 1 unit: 100,000 tokens a minute
    try (BedrockRuntimeClient runtime =
        BedrockRuntimeClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_WEST_2)
            .tokenProvider(StaticTokenProvider.create(() -> server.alice.secret()))
            .authSchemeProvider((BedrockRuntimeAuthSchemeProvider) params -> BEARER_ONLY)
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build()) {
      Function<String, ConverseResponse> converse =
          model ->
              runtime.converse(
                  r ->
                      r.modelId(model)
                          .messages(
                              Message.builder()
                                  .role(ConversationRole.USER)
                                  .content(ContentBlock.fromText("Where is my parcel?"))
                                  .build())
                          .inferenceConfig(c -> c.maxTokens(9_980)));
      int before = server.ledger.records().size();

      // On demand (3,000 tokens a minute per key): a call admitted for 1,000 uses 10,000, and the
      // limit refuses the next one.
      runtime.converse(
          r ->
              r.modelId(BASE)
                  .messages(
                      Message.builder()
                          .role(ConversationRole.USER)
                          .content(ContentBlock.fromText("hi"))
                          .build())
                  .inferenceConfig(c -> c.maxTokens(1_000)));
      assertThatThrownBy(() -> converse.apply(BASE)).isInstanceOf(ThrottlingException.class);

      // Through the lane, with the ARN as the model id: ten calls of 10,000 tokens fill its minute.
      for (int i = 0; i < 10; i++) {
        assertThat(converse.apply(arn).output().message().content().get(0).text())
            .isEqualTo("on it");
      }
      assertThatThrownBy(() -> converse.apply(arn))
          .isInstanceOfSatisfying(
              ThrottlingException.class,
              e -> assertThat(e.awsErrorDetails().errorMessage()).contains("'lane-bot'"));
      assertThatThrownBy(() -> converse.apply(BASE)).isInstanceOf(ThrottlingException.class);

      server.ledger.awaitRecords(before + 11, Duration.ofSeconds(10));
      List<UsageRecord> served =
          server.ledger.records().stream()
              .filter(record -> record.servedModel().equals(arn))
              .toList();
      assertThat(served).hasSize(10);
      assertThat(served)
          .allSatisfy(
              record -> {
                assertThat(record.tier()).isEqualTo(Tier.PROVISIONED);
                assertThat(record.cost()).isEqualTo(Money.ZERO);
                assertThat(record.usage().totalTokens()).isEqualTo(10_000);
                assertThat(record.principal().keyId()).isEqualTo(server.alice.key().id());
              });
      assertThat(server.provider.calledModels()).containsOnly(ProvisionedTestServer.UPSTREAM);
    }
  }
}
