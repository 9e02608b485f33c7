package dev.strata.providers.bedrock;

import dev.strata.core.error.ErrorKind;
import dev.strata.core.error.StrataException;
import dev.strata.providers.http.UpstreamErrors;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Maps the SDK's exceptions to {@link StrataException}s with the kind that says what to do. */
final class BedrockErrors {
  private BedrockErrors() {}

  static StrataException map(String upstream, Throwable failure) {
    Throwable cause = unwrap(failure);
    if (cause instanceof StrataException strata) {
      return strata;
    }
    String prefix = "upstream '" + upstream + "' ";
    ErrorKind kind;
    String message;
    switch (cause) {
      case ThrottlingException e -> {
        kind = ErrorKind.RATE_LIMITED;
        message = prefix + "is throttling requests: " + detail(e);
      }
      case ServiceUnavailableException e -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "is unavailable: " + detail(e);
      }
      case InternalServerException e -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "had an internal error: " + detail(e);
      }
      case ModelNotReadyException e -> {
        kind = ErrorKind.UNAVAILABLE;
        message = prefix + "model is not ready: " + detail(e);
      }
      case ModelTimeoutException e -> {
        kind = ErrorKind.UPSTREAM_TIMEOUT;
        message = prefix + "model timed out: " + detail(e);
      }
      case ValidationException e -> {
        kind = ErrorKind.INVALID_REQUEST;
        message = prefix + "rejected the request: " + detail(e);
      }
      case AccessDeniedException e -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = "Bedrock rejected Strata's credentials (upstream '" + upstream + "')";
      }
      case ResourceNotFoundException e -> {
        kind = ErrorKind.NOT_FOUND;
        message = prefix + "does not know the model: " + detail(e);
      }
      case ModelErrorException e -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = prefix + "model failed: " + detail(e);
      }
      case ModelStreamErrorException e -> {
        kind = ErrorKind.UPSTREAM_ERROR;
        message = prefix + "model failed while streaming: " + detail(e);
      }
      case BedrockRuntimeException e -> {
        kind = byStatus(e.statusCode());
        message = prefix + "answered " + e.statusCode() + ": " + detail(e);
      }
      case ApiCallTimeoutException e -> {
        kind = ErrorKind.UPSTREAM_TIMEOUT;
        message = prefix + "did not answer in time";
      }
      case ApiCallAttemptTimeoutException e -> {
        kind = ErrorKind.UPSTREAM_TIMEOUT;
        message = prefix + "did not answer in time";
      }
      case SdkClientException e -> {
        return UpstreamErrors.forTransport(upstream, e.getCause() == null ? e : e.getCause());
      }
      default -> {
        return UpstreamErrors.forTransport(upstream, cause);
      }
    }
    return StrataException.builder(kind, message).cause(cause).build();
  }

  private static ErrorKind byStatus(int status) {
    if (status == 429) {
      return ErrorKind.RATE_LIMITED;
    }
    if (status >= 500) {
      return ErrorKind.UNAVAILABLE;
    }
    return ErrorKind.UPSTREAM_ERROR;
  }

  private static String detail(BedrockRuntimeException e) {
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
      return e.awsErrorDetails().errorMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
