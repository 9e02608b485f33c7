package dev.strata.server.bedrock.batch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Bedrock-only fields of a job, kept in {@link dev.strata.core.batch.BatchJob#details()} under
 * these keys and echoed back by GetModelInvocationJob.
 */
final class JobDetails {
  static final String JOB_ARN = "jobArn";
  static final String MODEL_ID = "modelId";
  static final String ROLE_ARN = "roleArn";
  static final String INPUT_URI = "inputS3Uri";
  static final String INPUT_BUCKET_OWNER = "inputS3BucketOwner";
  static final String OUTPUT_URI = "outputS3Uri";
  static final String OUTPUT_BUCKET_OWNER = "outputS3BucketOwner";
  static final String OUTPUT_KMS_KEY = "outputS3EncryptionKeyId";
  static final String TIMEOUT_HOURS = "timeoutDurationInHours";
  static final String INVOCATION_TYPE = "modelInvocationType";
  static final String VPC_CONFIG = "vpcConfig";

  private JobDetails() {}

  /** The details of a job created by {@code request} under {@code jobArn}. */
  static Map<String, String> of(JobRequest request, String jobArn) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put(JOB_ARN, jobArn);
    details.put(MODEL_ID, request.modelId());
    details.put(ROLE_ARN, request.roleArn());
    details.put(INPUT_URI, request.inputUri());
    request.inputBucketOwner().ifPresent(owner -> details.put(INPUT_BUCKET_OWNER, owner));
    details.put(OUTPUT_URI, request.outputUri());
    request.outputBucketOwner().ifPresent(owner -> details.put(OUTPUT_BUCKET_OWNER, owner));
    request.outputKmsKey().ifPresent(key -> details.put(OUTPUT_KMS_KEY, key));
    details.put(TIMEOUT_HOURS, Integer.toString(request.timeoutHours()));
    details.put(INVOCATION_TYPE, request.invocationType());
    request.vpcConfig().ifPresent(vpc -> details.put(VPC_CONFIG, vpc));
    return details;
  }
}
