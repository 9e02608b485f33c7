package dev.strata.server.bedrock.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.core.batch.BatchApi;
import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.BatchLine;
import dev.strata.core.batch.BatchRecord;
import dev.strata.core.batch.BatchStatus;
import dev.strata.core.batch.ClaimedRecord;
import dev.strata.core.batch.Execution;
import dev.strata.core.batch.RecordOutcome;
import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.model.ContentBlock;
import dev.strata.core.model.Message;
import dev.strata.core.model.Role;
import dev.strata.core.model.StopReason;
import dev.strata.core.model.Usage;
import dev.strata.core.objectstore.ObjectRef;
import dev.strata.core.path.Answer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrock.model.CreateModelInvocationJobRequest;
import software.amazon.awssdk.services.bedrock.model.GetModelInvocationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ListModelInvocationJobsResponse;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobOutputDataConfig;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobStatus;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationJobSummary;
import software.amazon.awssdk.services.bedrock.model.ModelInvocationType;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.SortOrder;
import software.amazon.awssdk.services.bedrock.model.Tag;
import software.amazon.awssdk.services.bedrock.model.ValidationException;

/** The official AWS SDK {@link BedrockClient} against the model-invocation-job endpoints. */
class ModelInvocationJobSdkTest {
  private static final String ARN_PATTERN =
      "arn:aws:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:model-invocation-job/[a-z0-9]{12}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private JobsServer server;
  private BedrockClient acme;

  @BeforeEach
  void start() {
    server = new JobsServer();
    acme = server.client(server.acmeAws);
  }

  @AfterEach
  void stop() {
    acme.close();
    server.close();
  }

  @Test
  void create_thenGetByArn_answersTheJobAsBedrockDoes() {
    Instant submitted = server.clock.instant();
    String arn =
        acme.createModelInvocationJob(
                valid()
                    .andThen(
                        job ->
                            job.jobName("nightly-summaries")
                                .clientRequestToken("token-1")
                                .timeoutDurationInHours(72)
                                .vpcConfig(
                                    vpc -> vpc.subnetIds("subnet-1").securityGroupIds("sg-1"))
                                .tags(Tag.builder().key("team").value("data").build())))
            .jobArn();

    assertThat(arn).matches(ARN_PATTERN).startsWith("arn:aws:bedrock:us-east-1:");
    GetModelInvocationJobResponse job = acme.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.jobArn()).isEqualTo(arn);
    assertThat(job.jobName()).isEqualTo("nightly-summaries");
    assertThat(job.modelId()).isEqualTo(JobsServer.MODEL);
    assertThat(job.roleArn()).isEqualTo(JobsServer.ROLE);
    assertThat(job.clientRequestToken()).isEqualTo("token-1");
    assertThat(job.status()).isEqualTo(ModelInvocationJobStatus.SUBMITTED);
    assertThat(job.submitTime()).isEqualTo(submitted);
    assertThat(job.lastModifiedTime()).isEqualTo(submitted);
    assertThat(job.endTime()).isNull();
    assertThat(job.timeoutDurationInHours()).isEqualTo(72);
    assertThat(job.jobExpirationTime()).isEqualTo(submitted.plus(Duration.ofHours(72)));
    assertThat(job.inputDataConfig().s3InputDataConfig().s3Uri()).isEqualTo(JobsServer.INPUT);
    assertThat(job.inputDataConfig().s3InputDataConfig().s3InputFormatAsString())
        .isEqualTo("JSONL");
    assertThat(job.outputDataConfig().s3OutputDataConfig().s3Uri()).isEqualTo(JobsServer.OUTPUT);
    assertThat(job.modelInvocationTypeAsString()).isEqualTo("InvokeModel");
    assertThat(job.vpcConfig().subnetIds()).containsExactly("subnet-1");
    assertThat(job.message()).isNull();
  }

  @Test
  void create_queuesTheJobForTheWorker() {
    String arn =
        acme.createModelInvocationJob(
                valid()
                    .andThen(
                        job ->
                            job.timeoutDurationInHours(48)
                                .modelInvocationType(ModelInvocationType.CONVERSE)))
            .jobArn();

    BatchJob queued = server.queue.job(arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
    assertThat(queued.api()).isEqualTo(BatchApi.BEDROCK);
    assertThat(queued.status()).isEqualTo(BatchStatus.SUBMITTED);
    assertThat(queued.owner()).isEqualTo(server.acmeKey().principal());
    assertThat(queued.model()).isEqualTo(JobsServer.MODEL);
    assertThat(queued.endpoint()).isEqualTo(BedrockBatchFormat.ENDPOINT);
    assertThat(queued.input()).isEqualTo(ObjectRef.parse(JobsServer.INPUT));
    assertThat(queued.output()).isEqualTo(ObjectRef.parsePrefix(JobsServer.OUTPUT));
    assertThat(queued.expiresAt()).isEqualTo(queued.createdAt().plus(Duration.ofHours(48)));
    assertThat(queued.details())
        .containsEntry(JobDetails.JOB_ARN, arn)
        .containsEntry(JobDetails.INVOCATION_TYPE, "Converse");
  }

  @Test
  void create_withoutATimeout_expiresAfter24Hours() {
    String arn = acme.createModelInvocationJob(valid()).jobArn();

    GetModelInvocationJobResponse job = acme.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.timeoutDurationInHours()).isEqualTo(24);
    assertThat(job.jobExpirationTime()).isEqualTo(job.submitTime().plus(Duration.ofHours(24)));
  }

  @Test
  void create_namesTheSigningRegionAndTheTenantsAccountInTheArn() {
    try (BedrockClient west =
            server.client(
                server.acmeAws.accessKeyId(), server.acmeAws.secretAccessKey(), Region.US_WEST_2);
        BedrockClient globex = server.client(server.globexAws)) {
      String westArn = west.createModelInvocationJob(valid()).jobArn();
      String eastArn = acme.createModelInvocationJob(valid()).jobArn();
      String globexArn = globex.createModelInvocationJob(valid()).jobArn();

      assertThat(westArn).startsWith("arn:aws:bedrock:us-west-2:" + JobArns.account("acme") + ":");
      assertThat(eastArn).startsWith("arn:aws:bedrock:us-east-1:" + JobArns.account("acme") + ":");
      assertThat(JobArns.account("acme")).isNotEqualTo(JobArns.account("globex"));
      assertThat(globexArn).contains(":" + JobArns.account("globex") + ":");
    }
  }

  @Test
  void create_withTheSameClientRequestToken_returnsTheFirstJob() {
    String first =
        acme.createModelInvocationJob(valid().andThen(job -> job.clientRequestToken("once")))
            .jobArn();
    String again =
        acme.createModelInvocationJob(valid().andThen(job -> job.clientRequestToken("once")))
            .jobArn();
    String other =
        acme.createModelInvocationJob(valid().andThen(job -> job.clientRequestToken("twice")))
            .jobArn();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(acme.listModelInvocationJobs(list -> {}).invocationJobSummaries()).hasSize(2);
  }

  @Test
  void create_acceptsAnAliasAndAFoundationModelArn() {
    String alias =
        acme.createModelInvocationJob(valid().andThen(job -> job.modelId(JobsServer.ALIAS)))
            .jobArn();
    String byArn =
        acme.createModelInvocationJob(
                valid()
                    .andThen(
                        job ->
                            job.modelId(
                                "arn:aws:bedrock:us-east-1::foundation-model/" + JobsServer.MODEL)))
            .jobArn();

    assertThat(queued(alias).model()).isEqualTo(JobsServer.ALIAS);
    assertThat(queued(byArn).model()).isEqualTo(JobsServer.MODEL);
    assertThat(acme.getModelInvocationJob(get -> get.jobIdentifier(byArn)).modelId())
        .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/" + JobsServer.MODEL);
  }

  @Test
  void create_withBadInput_isAValidationExceptionNamingTheMember() {
    server.putObject("s3://batch-in/jobs/input.csv", "a,b\n");
    String input = "inputDataConfig.s3InputDataConfig.s3Uri";
    assertRefused(job -> job.jobName(null), "'jobName'", "must not be null");
    assertRefused(job -> job.jobName("has spaces"), "'jobName'", "pattern");
    assertRefused(job -> job.roleArn("not-a-role"), "'roleArn'", "pattern");
    assertRefused(job -> job.modelId("no-such-model"), "'modelId'", "no model");
    assertRefused(job -> job.modelId(JobsServer.EMBEDDING_MODEL), "'modelId'", "embedding");
    assertRefused(
        job -> job.timeoutDurationInHours(23),
        "'timeoutDurationInHours'",
        "greater than or equal to 24");
    assertRefused(
        job -> job.timeoutDurationInHours(169),
        "'timeoutDurationInHours'",
        "less than or equal to 168");
    assertRefused(
        job ->
            job.inputDataConfig(
                in -> in.s3InputDataConfig(s3 -> s3.s3Uri("https://batch-in/x.jsonl"))),
        input,
        "pattern");
    assertRefused(
        job ->
            job.inputDataConfig(in -> in.s3InputDataConfig(s3 -> s3.s3Uri("s3://batch-in/jobs/"))),
        input,
        "folder");
    assertRefused(
        job ->
            job.inputDataConfig(
                in -> in.s3InputDataConfig(s3 -> s3.s3Uri("s3://batch-in/jobs/input.csv"))),
        input,
        ".jsonl");
    assertRefused(
        job ->
            job.inputDataConfig(
                in -> in.s3InputDataConfig(s3 -> s3.s3Uri("s3://batch-in/jobs/missing.jsonl"))),
        input,
        "does not exist");
    assertRefused(
        job ->
            job.outputDataConfig(out -> out.s3OutputDataConfig(s3 -> s3.s3Uri("s3://UPPER/out/"))),
        "outputDataConfig.s3OutputDataConfig.s3Uri",
        "pattern");
    server.putObject("s3://strata-files/file-abc.jsonl", "{}\n");
    assertRefused(
        job ->
            job.inputDataConfig(
                in -> in.s3InputDataConfig(s3 -> s3.s3Uri("s3://strata-files/file-abc.jsonl"))),
        input,
        "reserved");
    assertRefused(
        job ->
            job.outputDataConfig(
                out -> out.s3OutputDataConfig(s3 -> s3.s3Uri("s3://strata-files/"))),
        "outputDataConfig.s3OutputDataConfig.s3Uri",
        "reserved");
    assertRefused(
        job -> job.outputDataConfig((ModelInvocationJobOutputDataConfig) null),
        "'outputDataConfig'",
        "must not be null");
    assertRefused(
        job ->
            job.tags(
                Tag.builder().key("k").value("v").build(),
                Tag.builder().key("k").value("w").build()),
        "tags.2.key",
        "twice");
    assertThat(acme.listModelInvocationJobs(list -> {}).invocationJobSummaries()).isEmpty();
  }

  @Test
  void create_withAWrongSignature_isAccessDenied() {
    try (BedrockClient forged =
        server.client(server.acmeAws.accessKeyId(), "not-the-secret", Region.US_EAST_1)) {
      assertThatThrownBy(() -> forged.createModelInvocationJob(valid()))
          .isInstanceOfSatisfying(
              AccessDeniedException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
    assertThat(acme.listModelInvocationJobs(list -> {}).invocationJobSummaries()).isEmpty();
  }

  @Test
  void get_byIdAndByUnencodedArn_findsTheSameJob() throws Exception {
    String arn = acme.createModelInvocationJob(valid()).jobArn();
    String id = arn.substring(arn.lastIndexOf('/') + 1);

    assertThat(acme.getModelInvocationJob(get -> get.jobIdentifier(id)).jobArn()).isEqualTo(arn);
    HttpResponse<String> raw = bearerGet("/model-invocation-job/" + arn);
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(raw.body()).contains("\"jobArn\":\"" + arn + "\"");
    HttpResponse<String> encoded =
        bearerGet("/model-invocation-job/" + URLEncoder.encode(arn, StandardCharsets.UTF_8));
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.headers().firstValue("x-amzn-RequestId")).isPresent();
  }

  @Test
  void get_ofAnUnknownJob_isResourceNotFound_andOfAMalformedOne_aValidationError() {
    assertThatThrownBy(() -> acme.getModelInvocationJob(get -> get.jobIdentifier("zzzzzzzzzzzz")))
        .isInstanceOfSatisfying(
            ResourceNotFoundException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    assertThatThrownBy(() -> acme.getModelInvocationJob(get -> get.jobIdentifier("Not-A-Job")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("jobIdentifier"));
  }

  @Test
  void anotherTenant_cannotSeeListOrStopTheJob() {
    String arn = acme.createModelInvocationJob(valid()).jobArn();
    try (BedrockClient globex = server.client(server.globexAws)) {
      assertThatThrownBy(() -> globex.getModelInvocationJob(get -> get.jobIdentifier(arn)))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThatThrownBy(() -> globex.stopModelInvocationJob(stop -> stop.jobIdentifier(arn)))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(globex.listModelInvocationJobs(list -> {}).invocationJobSummaries()).isEmpty();
    }
    assertThat(queued(arn).status()).isEqualTo(BatchStatus.SUBMITTED);
  }

  @Test
  void list_filtersByStatusAndName() {
    String alpha = create("alpha-one");
    String beta = create("beta-one");
    String alphaTwo = create("alpha-two");
    acme.stopModelInvocationJob(stop -> stop.jobIdentifier(alphaTwo));

    assertThat(arns(acme.listModelInvocationJobs(list -> list.nameContains("alpha"))))
        .containsExactly(alphaTwo, alpha);
    assertThat(
            arns(
                acme.listModelInvocationJobs(
                    list -> list.statusEquals(ModelInvocationJobStatus.STOPPING))))
        .containsExactly(alphaTwo);
    assertThat(
            arns(
                acme.listModelInvocationJobs(
                    list ->
                        list.statusEquals(ModelInvocationJobStatus.SUBMITTED).nameContains("one"))))
        .containsExactly(beta, alpha);
  }

  @Test
  void list_pagesNewestFirstWithNextToken() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(create("job-" + i));
    }

    ListModelInvocationJobsResponse first =
        acme.listModelInvocationJobs(list -> list.maxResults(2));
    ListModelInvocationJobsResponse second =
        acme.listModelInvocationJobs(list -> list.maxResults(2).nextToken(first.nextToken()));
    ListModelInvocationJobsResponse last =
        acme.listModelInvocationJobs(list -> list.maxResults(2).nextToken(second.nextToken()));

    assertThat(arns(first)).containsExactly(created.get(4), created.get(3));
    assertThat(arns(second)).containsExactly(created.get(2), created.get(1));
    assertThat(arns(last)).containsExactly(created.get(0));
    assertThat(first.nextToken()).isNotNull();
    assertThat(last.nextToken()).isNull();
    List<String> paginated = new ArrayList<>();
    acme.listModelInvocationJobsPaginator(list -> list.maxResults(2))
        .invocationJobSummaries()
        .forEach(summary -> paginated.add(summary.jobArn()));
    assertThat(paginated).containsExactlyElementsOf(created.reversed());
  }

  @Test
  void list_inAscendingOrderAndWithinASubmitTimeWindow() {
    List<String> created = new ArrayList<>();
    List<Instant> at = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      at.add(server.clock.instant());
      created.add(create("job-" + i));
    }

    ListModelInvocationJobsResponse ascending =
        acme.listModelInvocationJobs(list -> list.sortOrder(SortOrder.ASCENDING).maxResults(3));
    assertThat(arns(ascending)).containsExactly(created.get(0), created.get(1), created.get(2));
    assertThat(
            arns(
                acme.listModelInvocationJobs(
                    list -> list.sortOrder(SortOrder.ASCENDING).nextToken(ascending.nextToken()))))
        .containsExactly(created.get(3));
    assertThat(
            arns(
                acme.listModelInvocationJobs(
                    list -> list.submitTimeAfter(at.get(0)).submitTimeBefore(at.get(3)))))
        .containsExactly(created.get(2), created.get(1));
  }

  @Test
  void list_withBadParameters_isAValidationError() {
    assertThatThrownBy(() -> acme.listModelInvocationJobs(list -> list.maxResults(0)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("maxResults"));
    assertThatThrownBy(() -> acme.listModelInvocationJobs(list -> list.nextToken("forged")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("nextToken"));
    assertThatThrownBy(() -> acme.listModelInvocationJobs(list -> list.statusEquals("Running")))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("statusEquals"));
  }

  @Test
  void stop_asksTheQueueToCancel_andIsIdempotentOnceStopped() {
    String arn = create("to-stop");

    acme.stopModelInvocationJob(stop -> stop.jobIdentifier(arn));

    assertThat(queued(arn).status()).isEqualTo(BatchStatus.CANCELLING);
    assertThat(acme.getModelInvocationJob(get -> get.jobIdentifier(arn)).status())
        .isEqualTo(ModelInvocationJobStatus.STOPPING);
    finish(arn, job -> job.withStatus(BatchStatus.CANCELLED, server.clock.instant()));
    acme.stopModelInvocationJob(stop -> stop.jobIdentifier(arn));
    assertThat(acme.getModelInvocationJob(get -> get.jobIdentifier(arn)).status())
        .isEqualTo(ModelInvocationJobStatus.STOPPED);
  }

  @Test
  void stop_ofACompletedJob_isAValidationError() {
    String arn = create("done");
    finish(arn, job -> job.withStatus(BatchStatus.COMPLETED, server.clock.instant()));

    assertThatThrownBy(() -> acme.stopModelInvocationJob(stop -> stop.jobIdentifier(arn)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("Completed"));
    assertThat(queued(arn).status()).isEqualTo(BatchStatus.COMPLETED);
  }

  @Test
  void get_ofAFailedJob_explainsWhyInItsMessage() {
    String arn = create("broken");
    server.clock.advance(Duration.ofMinutes(3));
    Instant failedAt = server.clock.instant();
    finish(
        arn,
        job ->
            job.failed(
                List.of(
                    BatchError.atLine(
                        2, "missing_field", "modelInput", "Line 2: modelInput is required")),
                failedAt));

    GetModelInvocationJobResponse job = acme.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.status()).isEqualTo(ModelInvocationJobStatus.FAILED);
    assertThat(job.message()).isEqualTo("Line 2: modelInput is required");
    assertThat(job.endTime()).isEqualTo(failedAt);
    assertThat(job.lastModifiedTime()).isEqualTo(failedAt);
  }

  @Test
  void aJobRunByTheWorker_reportsItsCountsAndLeavesItsOutputsWhereBedrockDoes() throws Exception {
    String anthropic =
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":16,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    server.putObject(
        "s3://batch-in/jobs/three.jsonl",
        "{\"recordId\":\"a\",\"modelInput\":"
            + anthropic
            + "}\n"
            + "{\"recordId\":\"b\",\"modelInput\":"
            + anthropic
            + "}\n"
            + "{\"modelInput\":"
            + anthropic
            + "}\n");
    String arn =
        acme.createModelInvocationJob(
                valid()
                    .andThen(
                        job ->
                            job.inputDataConfig(
                                in ->
                                    in.s3InputDataConfig(
                                        s3 -> s3.s3Uri("s3://batch-in/jobs/three.jsonl")))))
            .jobArn();

    String id = runAsTheWorker(arn);

    GetModelInvocationJobResponse job = acme.getModelInvocationJob(get -> get.jobIdentifier(arn));
    assertThat(job.status()).isEqualTo(ModelInvocationJobStatus.PARTIALLY_COMPLETED);
    assertThat(job.totalRecordCount()).isEqualTo(3);
    assertThat(job.processedRecordCount()).isEqualTo(3);
    assertThat(job.successRecordCount()).isEqualTo(2);
    assertThat(job.errorRecordCount()).isEqualTo(1);
    assertThat(job.endTime()).isNotNull();
    List<com.fasterxml.jackson.databind.JsonNode> lines = new ArrayList<>();
    for (String line :
        server.text("s3://batch-out/results/" + id + "/three.jsonl.out").split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines)
        .extracting(line -> line.get("recordId").asText())
        .containsExactly("a", "b", "00000000003");
    assertThat(lines.get(0).at("/modelOutput/content/0/text").asText()).isEqualTo("answer 0");
    assertThat(lines.get(2).at("/error/errorCode").asInt()).isEqualTo(429);
    com.fasterxml.jackson.databind.JsonNode manifest =
        JSON.readTree(server.text("s3://batch-out/results/" + id + "/manifest.json.out"));
    assertThat(manifest.get("successRecordCount").asInt()).isEqualTo(2);
    assertThat(manifest.get("errorRecordCount").asInt()).isEqualTo(1);
  }

  @Test
  void bearerKey_listsJobs_andNoCredentialsAreAccessDenied() throws Exception {
    create("visible");

    HttpResponse<String> listed = bearerGet("/model-invocation-jobs?maxResults=10");
    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve("/model-invocation-jobs")).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body()).contains("\"jobName\":\"visible\"");
    assertThat(anonymous.statusCode()).isEqualTo(403);
    assertThat(anonymous.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("AccessDeniedException");
  }

  /** The arguments of a job the server accepts, for tests to change one at a time. */
  private static Consumer<CreateModelInvocationJobRequest.Builder> valid() {
    return job ->
        job.jobName("batch-job")
            .roleArn(JobsServer.ROLE)
            .modelId(JobsServer.MODEL)
            .inputDataConfig(
                in -> in.s3InputDataConfig(s3 -> s3.s3Uri(JobsServer.INPUT).s3InputFormat("JSONL")))
            .outputDataConfig(out -> out.s3OutputDataConfig(s3 -> s3.s3Uri(JobsServer.OUTPUT)));
  }

  /** Creates a job named {@code name} and moves the clock on, so jobs are ordered by creation. */
  private String create(String name) {
    String arn = acme.createModelInvocationJob(valid().andThen(job -> job.jobName(name))).jobArn();
    server.clock.advance(Duration.ofSeconds(1));
    return arn;
  }

  private void assertRefused(
      Consumer<CreateModelInvocationJobRequest.Builder> change, String member, String reason) {
    assertThatThrownBy(() -> acme.createModelInvocationJob(valid().andThen(change)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).contains(member).contains(reason);
            });
  }

  private BatchJob queued(String arn) {
    return server.queue.job(arn.substring(arn.lastIndexOf('/') + 1)).orElseThrow();
  }

  /** Plays the worker: takes the job's lease and saves it as {@code change} makes it. */
  private void finish(String arn, java.util.function.UnaryOperator<BatchJob> change) {
    String id = queued(arn).id();
    Instant now = server.clock.instant();
    BatchJob job = server.queue.leaseJob(id, "test-worker", now, now.plusSeconds(60)).orElseThrow();
    server.queue.saveJob(change.apply(job), "test-worker");
    server.queue.releaseJob(id, "test-worker", Optional.empty());
  }

  /**
   * Plays the batch worker over the job's input: reads it with the Bedrock format, answers every
   * record but the last (throttled), writes the outputs and finishes the job. Returns its id.
   */
  private String runAsTheWorker(String arn) {
    BedrockBatchFormat format = new BedrockBatchFormat();
    String id = queued(arn).id();
    Instant now = server.clock.instant();
    BatchJob job = server.queue.leaseJob(id, "test-worker", now, now.plusSeconds(60)).orElseThrow();
    List<BatchRecord> records = new ArrayList<>();
    List<String> input = server.text(job.input().uri()).lines().toList();
    for (int i = 0; i < input.size(); i++) {
      records.add(
          BatchRecord.pending(id, i, format.read(job, i, input.get(i)).customId(), input.get(i)));
    }
    server.queue.schedule(
        job.scheduled(records.size(), Execution.ON_DEMAND, Optional.empty()),
        records,
        "test-worker");
    for (ClaimedRecord claimed :
        server.queue.claimRecords("test-worker", 10, now, now.plusSeconds(60))) {
      BatchLine line = format.read(job, claimed.index(), claimed.input());
      boolean last = claimed.index() == records.size() - 1;
      String output =
          last
              ? format.failure(
                  job,
                  line,
                  StrataException.builder(ErrorKind.RATE_LIMITED, "slow down").build(),
                  "q")
              : format.success(
                  job, line, answer("answer " + claimed.index()), "q" + claimed.index());
      server.queue.complete(
          "test-worker",
          id,
          claimed.index(),
          new RecordOutcome(!last, output, Optional.empty()),
          now);
    }
    BatchJob done = server.queue.job(id).orElseThrow();
    BatchJob written =
        format.writeOutputs(
            done, (from, limit) -> server.queue.records(id, from, limit), server.store);
    server.queue.saveJob(written.withStatus(BatchStatus.PARTIALLY_COMPLETED, now), "test-worker");
    server.queue.releaseJob(id, "test-worker", Optional.empty());
    return id;
  }

  private static Answer answer(String text) {
    return new Answer.Chat(
        new ChatResponse(
            new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text))),
            StopReason.END_TURN,
            Optional.of(Usage.of(7, 3))));
  }

  private HttpResponse<String> bearerGet(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Authorization", "Bearer " + server.acme.secret())
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> arns(ListModelInvocationJobsResponse response) {
    return response.invocationJobSummaries().stream()
        .map(ModelInvocationJobSummary::jobArn)
        .toList();
  }
}
