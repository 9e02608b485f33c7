package dev.strata.server.bedrock;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Authenticator;
import dev.strata.core.auth.Principal;
import dev.strata.core.error.StrataException;
import dev.strata.core.model.ChatResponse;
import dev.strata.core.path.Answer;
import dev.strata.core.path.Exchange;
import dev.strata.core.path.Operation;
import dev.strata.server.http.CacheHeaders;
import dev.strata.server.http.Call;
import dev.strata.server.http.Credentials;
import java.util.Optional;

/** Builds exchanges for Bedrock calls: pre-authenticated when signed, else with the bearer key. */
final class BedrockExchanges {
  static final String WIRE_FORMAT = "bedrock";

  private final BedrockCallerResolver callers;
  private final Authenticator authenticator;

  BedrockExchanges(BedrockCallerResolver callers, Authenticator authenticator) {
    this.callers = requireNonNull(callers, "callers");
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  Exchange exchange(Call call, Operation operation) {
    return unpolicied(call, operation).cachePolicy(CacheHeaders.policy(call.request()));
  }

  private Exchange unpolicied(Call call, Operation operation) {
    Optional<Principal> signed = callers.verifiedCaller(call);
    if (signed.isPresent()) {
      return Exchange.preAuthenticated(
          call.requestId(),
          call.receivedAt(),
          call.receivedNanos(),
          WIRE_FORMAT,
          signed.get(),
          operation);
    }
    return new Exchange(
        call.requestId(),
        call.receivedAt(),
        call.receivedNanos(),
        WIRE_FORMAT,
        Credentials.of(call.request()),
        operation);
  }

  /** The caller of a request that does not run the path (catalog reads, token counts). */
  Principal caller(Call call) {
    Optional<Principal> signed = callers.verifiedCaller(call);
    return signed.isPresent()
        ? signed.get()
        : authenticator.authenticate(Credentials.of(call.request()));
  }

  static ChatResponse chatAnswer(Answer answer) {
    return switch (answer) {
      case Answer.Chat chat -> chat.response();
      case Answer.Embeddings embeddings ->
          throw StrataException.internal("a chat request was answered with embeddings", null);
    };
  }
}
