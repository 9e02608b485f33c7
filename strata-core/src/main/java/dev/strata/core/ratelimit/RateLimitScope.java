package dev.strata.core.ratelimit;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.StrataException;
import java.util.Collection;
import java.util.Optional;

/**
 * Whose requests a rate limit counts. Wire forms: {@code key:ID}, {@code team:NAME}, {@code
 * model:NAME}; {@code key:*} and {@code team:*} give every key (team) a bucket of its own.
 */
public sealed interface RateLimitScope {
  String ANY = "*";

  /**
   * The bucket a request counts against under this scope, or empty when the scope does not cover
   * it.
   */
  Optional<String> bucketFor(Principal principal, Collection<String> models);

  String wireForm();

  static RateLimitScope parse(String text) {
    requireNonNull(text, "text");
    String form = text.strip();
    int colon = form.indexOf(':');
    String value = colon < 0 ? "" : form.substring(colon + 1).strip();
    if (colon > 0 && !value.isEmpty()) {
      switch (form.substring(0, colon)) {
        case "key" -> {
          return new Key(value);
        }
        case "team" -> {
          return new Team(value);
        }
        case "model" -> {
          return new Model(value);
        }
        default -> {}
      }
    }
    throw StrataException.invalid(
        "scope",
        "A rate-limit scope is 'key:ID', 'team:NAME' or 'model:NAME' ('key:*' and 'team:*' give"
            + " each key or team its own limit); got '"
            + text
            + "'.");
  }

  /** One key, or each key. */
  record Key(String keyId) implements RateLimitScope {
    public Key {
      requireNonNull(keyId, "keyId");
    }

    @Override
    public Optional<String> bucketFor(Principal principal, Collection<String> models) {
      return keyId.equals(ANY) || keyId.equals(principal.keyId())
          ? Optional.of(principal.keyId())
          : Optional.empty();
    }

    @Override
    public String wireForm() {
      return "key:" + keyId;
    }
  }

  /** One team, or each team (keys without a team are not counted by {@code team:*}). */
  record Team(String team) implements RateLimitScope {
    public Team {
      requireNonNull(team, "team");
    }

    @Override
    public Optional<String> bucketFor(Principal principal, Collection<String> models) {
      if (team.equals(ANY)) {
        return principal.team().isEmpty() ? Optional.empty() : Optional.of(principal.team());
      }
      return team.equals(principal.team()) ? Optional.of(team) : Optional.empty();
    }

    @Override
    public String wireForm() {
      return "team:" + team;
    }
  }

  /** Every request for one model (named, or an alias that may route to it), whoever makes it. */
  record Model(String model) implements RateLimitScope {
    public Model {
      requireNonNull(model, "model");
    }

    @Override
    public Optional<String> bucketFor(Principal principal, Collection<String> models) {
      return models.contains(model) ? Optional.of(model) : Optional.empty();
    }

    @Override
    public String wireForm() {
      return "model:" + model;
    }
  }
}
