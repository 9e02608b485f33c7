package dev.strata.server.bedrock.batch;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.batch.BatchError;
import dev.strata.core.batch.BatchJob;
import dev.strata.core.batch.RequestCounts;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a job as Bedrock's GetModelInvocationJob response, which is also the shape of each
 * ListModelInvocationJobs summary. Timestamps are ISO 8601, as the service's model declares.
 */
final class JobJson {
  /** At most this much of the job's errors is shown in {@code message}. */
  static final int MAX_MESSAGE_CHARS = 2048;

  private JobJson() {}

  static void write(JsonGenerator json, BatchJob job) throws IOException {
    Map<String, String> details = job.details();
    json.writeStartObject();
    json.writeStringField("jobArn", arn(job));
    json.writeStringField("jobName", job.name());
    json.writeStringField("modelId", details.getOrDefault(JobDetails.MODEL_ID, job.model()));
    if (job.clientToken().isPresent()) {
      json.writeStringField("clientRequestToken", job.clientToken().get());
    }
    optional(json, "roleArn", details.get(JobDetails.ROLE_ARN));
    json.writeStringField("status", job.status().bedrock());
    Optional<String> message = message(job);
    if (message.isPresent()) {
      json.writeStringField("message", message.get());
    }
    json.writeStringField("submitTime", time(job.createdAt()));
    json.writeStringField("lastModifiedTime", time(lastModified(job)));
    if (job.finishedAt().isPresent()) {
      json.writeStringField("endTime", time(job.finishedAt().get()));
    }
    json.writeObjectFieldStart("inputDataConfig");
    json.writeObjectFieldStart("s3InputDataConfig");
    json.writeStringField("s3InputFormat", "JSONL");
    json.writeStringField("s3Uri", details.getOrDefault(JobDetails.INPUT_URI, job.input().uri()));
    optional(json, "s3BucketOwner", details.get(JobDetails.INPUT_BUCKET_OWNER));
    json.writeEndObject();
    json.writeEndObject();
    json.writeObjectFieldStart("outputDataConfig");
    json.writeObjectFieldStart("s3OutputDataConfig");
    json.writeStringField("s3Uri", details.getOrDefault(JobDetails.OUTPUT_URI, job.output().uri()));
    optional(json, "s3EncryptionKeyId", details.get(JobDetails.OUTPUT_KMS_KEY));
    optional(json, "s3BucketOwner", details.get(JobDetails.OUTPUT_BUCKET_OWNER));
    json.writeEndObject();
    json.writeEndObject();
    String vpc = details.get(JobDetails.VPC_CONFIG);
    if (vpc != null) {
      json.writeFieldName("vpcConfig");
      json.writeRawValue(vpc);
    }
    String hours = details.get(JobDetails.TIMEOUT_HOURS);
    if (hours != null) {
      json.writeNumberField("timeoutDurationInHours", Integer.parseInt(hours));
    }
    json.writeStringField("jobExpirationTime", time(job.expiresAt()));
    optional(json, "modelInvocationType", details.get(JobDetails.INVOCATION_TYPE));
    RequestCounts counts = job.counts();
    if (counts.total() > 0) {
      json.writeNumberField("totalRecordCount", counts.total());
      json.writeNumberField("processedRecordCount", counts.completed() + counts.failed());
      json.writeNumberField("successRecordCount", counts.completed());
      json.writeNumberField("errorRecordCount", counts.failed());
    }
    json.writeEndObject();
  }

  /** The job's ARN, as created; one in the default region for a job created some other way. */
  static String arn(BatchJob job) {
    String arn = job.details().get(JobDetails.JOB_ARN);
    return arn != null ? arn : JobArns.arn(JobArns.DEFAULT_REGION, job.owner().tenant(), job.id());
  }

  /** Why the job failed, from its errors, bounded in length. */
  static Optional<String> message(BatchJob job) {
    if (job.errors().isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (BatchError error : job.errors()) {
      if (!text.isEmpty()) {
        text.append("; ");
      }
      text.append(error.message());
      if (text.length() >= MAX_MESSAGE_CHARS) {
        return Optional.of(text.substring(0, MAX_MESSAGE_CHARS - 1) + "…");
      }
    }
    return Optional.of(text.toString());
  }

  private static Instant lastModified(BatchJob job) {
    Instant latest = job.createdAt();
    for (Optional<Instant> at : java.util.List.of(job.startedAt(), job.finishedAt())) {
      if (at.isPresent() && at.get().isAfter(latest)) {
        latest = at.get();
      }
    }
    return latest;
  }

  private static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static void optional(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }
}
