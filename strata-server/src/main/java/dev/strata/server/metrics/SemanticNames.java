package dev.strata.server.metrics;

/**
 * Metric and attribute names: the OpenTelemetry GenAI semantic conventions where they define one,
 * {@code strata.*} where they do not. Micrometer turns dots into underscores for Prometheus.
 */
final class SemanticNames {
  static final String OPERATION = "gen_ai.operation.name";
  static final String REQUEST_MODEL = "gen_ai.request.model";
  static final String RESPONSE_MODEL = "gen_ai.response.model";
  static final String PROVIDER = "gen_ai.provider.name";
  static final String TOKEN_TYPE = "gen_ai.token.type";
  static final String ERROR_TYPE = "error.type";
  static final String HTTP_STATUS = "http.response.status_code";
  static final String WIRE_FORMAT = "strata.wire_format";
  static final String TIER = "strata.tier";
  static final String CACHE_OUTCOME = "strata.prompt_cache.outcome";
  static final String BUDGET = "strata.budget";

  static final String REQUESTS = "strata.requests";
  static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  static final String REQUEST_DURATION = "gen_ai.server.request.duration";
  static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
  static final String COST = "strata.cost";
  static final String PROMPT_CACHE = "strata.prompt_cache.requests";
  static final String UPSTREAM_ERRORS = "strata.upstream.errors";
  static final String BUDGET_UTILISATION = "strata.budget.utilisation";
  static final String IN_FLIGHT = "strata.requests.in_flight";
  static final String BODY_HELD = "strata.request.body.held";
  static final String BODY_REFUSED = "strata.request.body.refused";

  static final String USAGE_INPUT = "gen_ai.usage.input_tokens";
  static final String USAGE_OUTPUT = "gen_ai.usage.output_tokens";
  static final String USAGE_CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
  static final String USAGE_CACHE_WRITE = "gen_ai.usage.cache_creation.input_tokens";

  private SemanticNames() {}
}
