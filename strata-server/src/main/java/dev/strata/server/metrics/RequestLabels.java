package dev.strata.server.metrics;

import static java.util.Objects.requireNonNull;

import dev.strata.core.ledger.UsageRecord;
import io.micrometer.core.instrument.Tags;

/**
 * The bounded labels of one settled request. {@code errorType} is empty for a success, which
 * Prometheus reads as an absent label, as OpenTelemetry leaves {@code error.type} unset.
 */
record RequestLabels(
    String operation,
    String requestModel,
    String responseModel,
    String provider,
    String wireFormat,
    String errorType) {

  RequestLabels {
    requireNonNull(operation, "operation");
    requireNonNull(requestModel, "requestModel");
    requireNonNull(responseModel, "responseModel");
    requireNonNull(provider, "provider");
    requireNonNull(wireFormat, "wireFormat");
    requireNonNull(errorType, "errorType");
  }

  /** The model and provider labels every request metric carries. */
  Tags model() {
    return Tags.of(
        SemanticNames.OPERATION, operation,
        SemanticNames.REQUEST_MODEL, requestModel,
        SemanticNames.RESPONSE_MODEL, responseModel,
        SemanticNames.PROVIDER, provider);
  }

  boolean isSuccess() {
    return errorType.isEmpty();
  }

  /** Labels a record, passing each caller-influenced value through its bound. */
  static final class Labeller {
    private final LabelValues operations;
    private final LabelValues requestModels;
    private final LabelValues responseModels;
    private final LabelValues providers;
    private final LabelValues wireFormats;
    private final LabelValues errorTypes;

    Labeller(int maxValuesPerLabel) {
      this.operations = new LabelValues(maxValuesPerLabel);
      this.requestModels = new LabelValues(maxValuesPerLabel);
      this.responseModels = new LabelValues(maxValuesPerLabel);
      this.providers = new LabelValues(maxValuesPerLabel);
      this.wireFormats = new LabelValues(maxValuesPerLabel);
      this.errorTypes = new LabelValues(maxValuesPerLabel);
    }

    RequestLabels label(UsageRecord record) {
      return new RequestLabels(
          operations.admit(record.operation()),
          requestModels.admit(record.requestedModel()),
          responseModels.admit(record.servedModel()),
          providers.admit(record.provider()),
          wireFormats.admit(record.wireFormat()),
          record.isSuccess() ? "" : errorTypes.admit(record.status()));
    }
  }
}
