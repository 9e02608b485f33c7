package dev.strata.core.batch;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.objectstore.ObjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One batch job in canonical form, whichever API created it.
 *
 * @param id Strata's id: {@code batch_…} for OpenAI, the job id inside the ARN for Bedrock
 * @param api the API it came through, which fixes its line formats
 * @param name the caller's name for it (Bedrock {@code jobName}; empty for OpenAI)
 * @param owner who is billed for its records
 * @param model the model or alias its records ask for (for OpenAI: the one every line names)
 * @param endpoint the operation each record runs ({@code /v1/chat/completions},
 *     {@code /v1/embeddings}, or {@code invoke} for Bedrock)
 * @param input the input file
 * @param output where output files are written
 * @param status where the job is in its life
 * @param execution how its records run
 * @param createdAt when it was submitted
 * @param expiresAt when it expires if not done (completion window, {@code timeoutDurationInHours})
 * @param startedAt when the first record started
 * @param finishedAt when it reached a terminal state
 * @param counts total, completed and failed records
 * @param metadata the caller's metadata (OpenAI {@code metadata}; Bedrock tags)
 * @param details API-specific fields echoed back, e.g. Bedrock {@code roleArn}
 * @param errors why the job failed, e.g. the input lines that are not valid
 * @param outputFileId the OpenAI file id of the output file, once written
 * @param errorFileId the OpenAI file id of the error file, once written (only if a record failed)
 * @param nativeBatch the provider batch it was submitted to, for native execution
 * @param clientToken the caller's idempotency token (Bedrock {@code clientRequestToken})
 */
public record BatchJob(
    String id,
    BatchApi api,
    String name,
    Principal owner,
    String model,
    String endpoint,
    ObjectRef input,
    ObjectRef.Prefix output,
    BatchStatus status,
    Execution execution,
    Instant createdAt,
    Instant expiresAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    RequestCounts counts,
    Map<String, String> metadata,
    Map<String, String> details,
    List<BatchError> errors,
    Optional<String> outputFileId,
    Optional<String> errorFileId,
    Optional<NativeBatch> nativeBatch,
    Optional<String> clientToken) {

  public BatchJob {
    requireNonNull(id, "id");
    requireNonNull(api, "api");
    requireNonNull(name, "name");
    requireNonNull(owner, "owner");
    requireNonNull(model, "model");
    requireNonNull(endpoint, "endpoint");
    requireNonNull(input, "input");
    requireNonNull(output, "output");
    requireNonNull(status, "status");
    requireNonNull(execution, "execution");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(counts, "counts");
    metadata = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(metadata, "metadata")));
    details = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(details, "details")));
    errors = List.copyOf(requireNonNull(errors, "errors"));
    requireNonNull(outputFileId, "outputFileId");
    requireNonNull(errorFileId, "errorFileId");
    requireNonNull(nativeBatch, "nativeBatch");
    requireNonNull(clientToken, "clientToken");
  }

  /** A job just submitted: nothing read, nothing run. */
  public static BatchJob submitted(
      String id,
      BatchApi api,
      String name,
      Principal owner,
      String model,
      String endpoint,
      ObjectRef input,
      ObjectRef.Prefix output,
      Instant createdAt,
      Instant expiresAt,
      Map<String, String> metadata,
      Map<String, String> details,
      Optional<String> clientToken) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, BatchStatus.SUBMITTED,
        Execution.UNDECIDED, createdAt, expiresAt, Optional.empty(), Optional.empty(),
        RequestCounts.NONE, metadata, details, List.of(), Optional.empty(), Optional.empty(),
        Optional.empty(), clientToken);
  }

  public BatchJob withStatus(BatchStatus next, Instant at) {
    Optional<Instant> started =
        startedAt.isEmpty() && next == BatchStatus.IN_PROGRESS ? Optional.of(at) : startedAt;
    Optional<Instant> finished = next.isTerminal() ? Optional.of(at) : finishedAt;
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, next, execution, createdAt,
        expiresAt, started, finished, counts, metadata, details, errors, outputFileId, errorFileId,
        nativeBatch, clientToken);
  }

  /** This job validated: its record count, and how its records will run. */
  public BatchJob scheduled(long total, Execution how, Optional<NativeBatch> submittedTo) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, BatchStatus.SCHEDULED, how,
        createdAt, expiresAt, startedAt, finishedAt, new RequestCounts(total, 0, 0), metadata,
        details, errors, outputFileId, errorFileId, submittedTo, clientToken);
  }

  public BatchJob withCounts(RequestCounts next) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, status, execution, createdAt,
        expiresAt, startedAt, finishedAt, next, metadata, details, errors, outputFileId,
        errorFileId, nativeBatch, clientToken);
  }

  /** This job failed, for the reasons given. */
  public BatchJob failed(List<BatchError> why, Instant at) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, BatchStatus.FAILED, execution,
        createdAt, expiresAt, startedAt, Optional.of(at), counts, metadata, details, why,
        outputFileId, errorFileId, nativeBatch, clientToken);
  }

  /** This job with its output files written. */
  public BatchJob withFiles(Optional<String> output, Optional<String> error) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, this.output, status, execution, createdAt,
        expiresAt, startedAt, finishedAt, counts, metadata, details, errors, output, error,
        nativeBatch, clientToken);
  }

  /** This job run another way, e.g. on demand when the provider turned out to have no batch API. */
  public BatchJob withExecution(Execution how) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, output, status, how, createdAt, expiresAt,
        startedAt, finishedAt, counts, metadata, details, errors, outputFileId, errorFileId,
        nativeBatch, clientToken);
  }

  /** This job with a different output location (e.g. once the job id is known). */
  public BatchJob withOutput(ObjectRef.Prefix next) {
    return new BatchJob(
        id, api, name, owner, model, endpoint, input, next, status, execution, createdAt,
        expiresAt, startedAt, finishedAt, counts, metadata, details, errors, outputFileId,
        errorFileId, nativeBatch, clientToken);
  }
}
