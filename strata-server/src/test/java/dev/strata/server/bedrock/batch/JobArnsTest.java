package dev.strata.server.bedrock.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobArnsTest {
  @Test
  void newJobId_isTwelveLowerCaseAlphanumerics() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = JobArns.newJobId();
      assertThat(id).matches("[a-z0-9]{12}");
      ids.add(id);
    }
    assertThat(ids).hasSize(100);
  }

  @Test
  void account_isTwelveDigitsFixedPerTenant() {
    assertThat(JobArns.account("acme")).matches("[0-9]{12}").isEqualTo(JobArns.account("acme"));
    assertThat(JobArns.account("acme")).isNotEqualTo(JobArns.account("acme2"));
  }

  @Test
  void jobId_readsAnIdAnArnAndAPercentEncodedArn() {
    String arn = JobArns.arn("eu-west-1", "acme", "abc123def456");

    assertThat(arn)
        .isEqualTo(
            "arn:aws:bedrock:eu-west-1:"
                + JobArns.account("acme")
                + ":model-invocation-job/abc123def456");
    assertThat(JobArns.jobId("abc123def456")).isEqualTo("abc123def456");
    assertThat(JobArns.jobId(arn)).isEqualTo("abc123def456");
    assertThat(JobArns.jobId(arn.replace(":", "%3A").replace("/", "%2F")))
        .isEqualTo("abc123def456");
    assertThat(
            JobArns.jobId(
                "arn:aws-cn:bedrock:cn-north-1:123456789012:model-invocation-job/abc123def456"))
        .isEqualTo("abc123def456");
  }

  @Test
  void jobId_refusesWhatIsNeitherAsAValidationErrorNamingTheIdentifier() {
    for (String bad :
        new String[] {
          "ABC123DEF456",
          "abc123",
          "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/abc123def456",
          "arn:aws:bedrock:us-east-1:1234:model-invocation-job/abc123def456",
          "%zz",
          "abc123def456/stop"
        }) {
      assertThatThrownBy(() -> JobArns.jobId(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              StrataException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                assertThat(e.param()).hasValue("jobIdentifier");
              });
    }
  }
}
