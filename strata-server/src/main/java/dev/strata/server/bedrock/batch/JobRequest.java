package dev.strata.server.bedrock.batch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.core.error.StrataException;
import dev.strata.core.objectstore.ObjectRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CreateModelInvocationJob request, checked against Bedrock's constraints.
 *
 * @param vpcConfig the caller's {@code vpcConfig} as compact JSON, echoed back (Strata has no VPC)
 */
record JobRequest(
    String jobName,
    String roleArn,
    Optional<String> clientRequestToken,
    String modelId,
    String inputUri,
    ObjectRef input,
    Optional<String> inputBucketOwner,
    String outputUri,
    ObjectRef.Prefix output,
    Optional<String> outputBucketOwner,
    Optional<String> outputKmsKey,
    int timeoutHours,
    Map<String, String> tags,
    String invocationType,
    Optional<String> vpcConfig) {
  static final int MIN_TIMEOUT_HOURS = 24;
  static final int MAX_TIMEOUT_HOURS = 168;
  static final String INVOKE_MODEL = "InvokeModel";
  static final String CONVERSE = "Converse";

  private static final Pattern JOB_NAME =
      Pattern.compile("[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\\+\\-\\.]){0,63}");
  private static final Pattern ROLE_ARN =
      Pattern.compile("arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+");
  private static final Pattern TOKEN = Pattern.compile("[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}");
  private static final Pattern S3_URI =
      Pattern.compile("s3://[a-z0-9][\\.\\-a-z0-9]{1,61}[a-z0-9](/.*)?");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern TAG_TEXT = Pattern.compile("[a-zA-Z0-9\\s._:/=+@-]*");
  private static final int MAX_TAGS = 200;

  JobRequest {
    requireNonNull(jobName, "jobName");
    requireNonNull(roleArn, "roleArn");
    requireNonNull(clientRequestToken, "clientRequestToken");
    requireNonNull(modelId, "modelId");
    requireNonNull(inputUri, "inputUri");
    requireNonNull(input, "input");
    requireNonNull(inputBucketOwner, "inputBucketOwner");
    requireNonNull(outputUri, "outputUri");
    requireNonNull(output, "output");
    requireNonNull(outputBucketOwner, "outputBucketOwner");
    requireNonNull(outputKmsKey, "outputKmsKey");
    tags = Map.copyOf(requireNonNull(tags, "tags"));
    requireNonNull(invocationType, "invocationType");
    requireNonNull(vpcConfig, "vpcConfig");
  }

  /**
   * Reads and checks a request body.
   *
   * @throws StrataException INVALID_REQUEST naming the member at fault
   */
  static JobRequest decode(JsonNode body) {
    Members root = Members.root(body);
    String jobName = root.requiredString("jobName");
    Constraints.pattern("jobName", Constraints.length("jobName", jobName, 1, 63), JOB_NAME);
    String roleArn = root.requiredString("roleArn");
    Constraints.pattern("roleArn", Constraints.length("roleArn", roleArn, 0, 2048), ROLE_ARN);
    Optional<String> token = root.string("clientRequestToken");
    token.ifPresent(
        value ->
            Constraints.pattern(
                "clientRequestToken",
                Constraints.length("clientRequestToken", value, 1, 256),
                TOKEN));
    String modelId = Constraints.length("modelId", root.requiredString("modelId"), 1, 2048);

    Members in = root.requiredObject("inputDataConfig").requiredObject("s3InputDataConfig");
    String inputMember = in.path("s3Uri");
    String inputUri = s3Uri(inputMember, in.requiredString("s3Uri"));
    in.string("s3InputFormat")
        .filter(format -> !format.equals("JSONL"))
        .ifPresent(
            format -> {
              throw Constraints.violated(
                  in.path("s3InputFormat"), format, "Member must satisfy enum value set: [JSONL]");
            });
    Optional<String> inputOwner = owner(in, "s3BucketOwner");

    Members out = root.requiredObject("outputDataConfig").requiredObject("s3OutputDataConfig");
    String outputMember = out.path("s3Uri");
    String outputUri = s3Uri(outputMember, out.requiredString("s3Uri"));
    Optional<String> kmsKey = out.string("s3EncryptionKeyId");
    kmsKey.ifPresent(key -> Constraints.length(out.path("s3EncryptionKeyId"), key, 1, 2048));

    int hours =
        Constraints.range(
            "timeoutDurationInHours",
            root.integer("timeoutDurationInHours").orElse(MIN_TIMEOUT_HOURS),
            MIN_TIMEOUT_HOURS,
            MAX_TIMEOUT_HOURS);
    String type = root.string("modelInvocationType").orElse(INVOKE_MODEL);
    if (!type.equals(INVOKE_MODEL) && !type.equals(CONVERSE)) {
      throw Constraints.violated(
          "modelInvocationType",
          type,
          "Member must satisfy enum value set: [InvokeModel, Converse]");
    }
    return new JobRequest(
        jobName,
        roleArn,
        token,
        modelId,
        inputUri,
        inputObject(inputMember, inputUri),
        inputOwner,
        outputUri,
        outputPrefix(outputMember, outputUri),
        owner(out, "s3BucketOwner"),
        kmsKey,
        hours,
        tags(root),
        type,
        root.object("vpcConfig").map(Members::json));
  }

  private static String s3Uri(String member, String uri) {
    return Constraints.pattern(member, Constraints.length(member, uri, 1, 1024), S3_URI);
  }

  private static Optional<String> owner(Members config, String member) {
    return config
        .string(member)
        .map(owner -> Constraints.pattern(config.path(member), owner, ACCOUNT));
  }

  /** The input must be one {@code .jsonl} object: Strata does not read folders of input files. */
  private static ObjectRef inputObject(String member, String uri) {
    if (uri.endsWith("/") || uri.indexOf('/', "s3://".length()) < 0) {
      throw StrataException.invalid(
          member,
          member
              + ": '"
              + uri
              + "' is a folder; this gateway reads one input file: give the s3:// URI of a .jsonl"
              + " object.");
    }
    if (!uri.endsWith(".jsonl")) {
      throw StrataException.invalid(
          member, member + ": '" + uri + "' must be a JSONL file whose name ends in .jsonl.");
    }
    return parsed(member, () -> ObjectRef.parse(uri));
  }

  private static ObjectRef.Prefix outputPrefix(String member, String uri) {
    return parsed(member, () -> ObjectRef.parsePrefix(uri));
  }

  /** Parses with {@code parser}, naming {@code member} in its error. */
  private static <T> T parsed(String member, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (StrataException invalid) {
      throw StrataException.invalid(member, member + ": " + invalid.getMessage());
    }
  }

  private static Map<String, String> tags(Members root) {
    List<Members> items = root.objects("tags").orElse(List.of());
    if (items.size() > MAX_TAGS) {
      throw Constraints.violated(
          "tags",
          items.size() + " tags",
          "Member must have length less than or equal to " + MAX_TAGS);
    }
    Map<String, String> tags = new LinkedHashMap<>();
    for (Members tag : items) {
      String key = tag.requiredString("key");
      Constraints.pattern(
          tag.path("key"), Constraints.length(tag.path("key"), key, 1, 128), TAG_TEXT);
      String value = tag.requiredString("value");
      Constraints.pattern(
          tag.path("value"), Constraints.length(tag.path("value"), value, 0, 256), TAG_TEXT);
      if (tags.put(key, value) != null) {
        throw StrataException.invalid(
            tag.path("key"), tag.path("key") + ": the tag key '" + key + "' is given twice.");
      }
    }
    return tags;
  }
}
