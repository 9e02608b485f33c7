package dev.strata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.AccessDeniedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One deployment, two tenants: a bucket belongs to the first tenant that uses it, so the other
 * tenant can neither read nor write it through the S3 endpoint, nor name it in a batch job.
 */
@Timeout(120)
class BucketOwnershipEndToEndTest {
  @TempDir Path dir;
  private TestDeployment deployment;

  @BeforeEach
  void start() throws IOException {
    deployment = new TestDeployment(
        dir, TestDeployment.mockProvider("http://127.0.0.1:9/v1") + "local:\n  enabled: false\n");
    deployment.start();
  }

  @AfterEach
  void stop() {
    deployment.close();
  }

  @Test
  void anotherTenantsBucket_isClosedToS3CallsAndBatchJobs() {
    StaticCredentialsProvider acme = awsKey("acme");
    StaticCredentialsProvider globex = awsKey("globex");
    try (S3Client acmeS3 = s3(acme); S3Client globexS3 = s3(globex); BedrockClient globexBedrock = bedrock(globex)) {
      acmeS3.putObject(put -> put.bucket("acme-data").key("in/records.jsonl"), RequestBody.fromString("{}\n"));

      assertThatThrownBy(() -> globexS3.getObjectAsBytes(get -> get.bucket("acme-data").key("in/records.jsonl")))
          .isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
          });
      assertThatThrownBy(() -> globexS3.putObject(
              put -> put.bucket("acme-data").key("planted.jsonl"), RequestBody.fromString("{}\n")))
          .isInstanceOf(S3Exception.class);
      assertThatThrownBy(() -> globexS3.listObjectsV2(list -> list.bucket("acme-data")))
          .isInstanceOf(S3Exception.class);
      assertThatThrownBy(() -> globexBedrock.createModelInvocationJob(job -> job
              .jobName("steal")
              .roleArn("arn:aws:iam::123456789012:role/batch")
              .modelId("gpt-4o-mini")
              .inputDataConfig(in -> in.s3InputDataConfig(c -> c.s3Uri("s3://acme-data/in/records.jsonl")))
              .outputDataConfig(out -> out.s3OutputDataConfig(c -> c.s3Uri("s3://globex-out/")))))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("acme-data");

      // acme itself still reads its object; globex has buckets of its own
      assertThat(acmeS3.getObjectAsBytes(get -> get.bucket("acme-data").key("in/records.jsonl")).asUtf8String())
          .isEqualTo("{}\n");
      globexS3.putObject(put -> put.bucket("globex-data").key("x.jsonl"), RequestBody.fromString("{}\n"));
    }
  }

  private StaticCredentialsProvider awsKey(String tenant) {
    TestDeployment.CliRun created =
        deployment.cli("keys", "create", "--name", tenant, "--tenant", tenant, "--aws", "--quiet");
    assertThat(created.code()).as(created.err()).isZero();
    List<String> lines = created.out().lines().toList();
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(lines.get(1).trim(), lines.get(2).trim()));
  }

  private S3Client s3(StaticCredentialsProvider credentials) {
    return S3Client.builder()
        .endpointOverride(URI.create(deployment.serverUrl() + "/s3"))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }

  private BedrockClient bedrock(StaticCredentialsProvider credentials) {
    return BedrockClient.builder()
        .endpointOverride(URI.create(deployment.serverUrl()))
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .build();
  }
}
