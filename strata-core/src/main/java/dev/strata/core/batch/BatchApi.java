package dev.strata.core.batch;

/** The API a batch was submitted through, which fixes its input and output line formats. */
public enum BatchApi {
  /** OpenAI Files and Batches: {@code {custom_id, method, url, body}} lines. */
  OPENAI,
  /** Bedrock model-invocation jobs: {@code {recordId, modelInput}} lines. */
  BEDROCK;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
