package dev.strata.core.provisioned;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The region and account Strata's provisioned-model ARNs name, as Bedrock's do: {@code
 * arn:aws:bedrock:<region>:<account>:provisioned-model/<id>}.
 */
public record ProvisionedArns(String region, String accountId) {
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,20}");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
  private static final Pattern ARN =
      Pattern.compile("arn:aws(-[^:]+)?:bedrock:[^:]*:[^:]*:provisioned-model/([^/]+)");

  /** What a fresh install names: us-east-1 and an all-zero account. */
  public static final ProvisionedArns DEFAULT = new ProvisionedArns("us-east-1", "000000000000");

  public ProvisionedArns {
    requireNonNull(region, "region");
    requireNonNull(accountId, "accountId");
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "region '" + region + "' must be 1-20 lower-case letters, digits or '-'");
    }
    if (!ACCOUNT.matcher(accountId).matches()) {
      throw new IllegalArgumentException("accountId '" + accountId + "' must be 12 digits");
    }
  }

  /** The ARN of provisioned model {@code id}. */
  public String arn(String id) {
    return "arn:aws:bedrock:" + region + ":" + accountId + ":provisioned-model/" + id;
  }

  /** The ARN Bedrock gives the foundation model {@code model}. */
  public String foundationModelArn(String model) {
    return "arn:aws:bedrock:" + region + "::foundation-model/" + model;
  }

  /** The id a provisioned-model ARN names, if {@code text} is one. */
  public static Optional<String> idOf(String text) {
    Matcher arn = ARN.matcher(text);
    return arn.matches() ? Optional.of(arn.group(2)) : Optional.empty();
  }
}
