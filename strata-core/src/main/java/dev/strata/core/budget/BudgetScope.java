package dev.strata.core.budget;

import static java.util.Objects.requireNonNull;

import dev.strata.core.auth.Principal;
import dev.strata.core.error.StrataException;
import java.util.Collection;

/**
 * What a budget covers. Its wire form — {@code deployment}, {@code key:ID}, {@code team:NAME},
 * {@code tenant:NAME}, {@code tag:NAME=VALUE}, {@code model:NAME} — is how the admin API, the CLI
 * and the store name it.
 */
public sealed interface BudgetScope {
  /** Whether a request by {@code principal} naming or served by one of {@code models} counts. */
  boolean covers(Principal principal, Collection<String> models);

  /** The scope's wire form. */
  String wireForm();

  /** Reads a wire form; a clear validation error names what is wrong. */
  static BudgetScope parse(String text) {
    requireNonNull(text, "text");
    String form = text.strip();
    if (form.equals("deployment")) {
      return new Deployment();
    }
    int colon = form.indexOf(':');
    String kind = colon < 0 ? form : form.substring(0, colon);
    String value = colon < 0 ? "" : form.substring(colon + 1).strip();
    if (value.isEmpty()) {
      throw invalid(text);
    }
    return switch (kind) {
      case "key" -> new Key(value);
      case "team" -> new Team(value);
      case "tenant" -> new Tenant(value);
      case "model" -> new Model(value);
      case "tag" -> tag(value, text);
      default -> throw invalid(text);
    };
  }

  private static BudgetScope tag(String value, String text) {
    int equals = value.indexOf('=');
    if (equals <= 0 || equals == value.length() - 1) {
      throw invalid(text);
    }
    return new Tag(value.substring(0, equals).strip(), value.substring(equals + 1).strip());
  }

  private static StrataException invalid(String text) {
    return StrataException.invalid(
        "scope",
        "A budget scope is 'deployment', 'key:ID', 'team:NAME', 'tenant:NAME', 'tag:NAME=VALUE'"
            + " or 'model:NAME'; got '"
            + text
            + "'.");
  }

  /** Every request. */
  record Deployment() implements BudgetScope {
    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return true;
    }

    @Override
    public String wireForm() {
      return "deployment";
    }
  }

  /** Requests made with one virtual key. */
  record Key(String keyId) implements BudgetScope {
    public Key {
      requireNonNull(keyId, "keyId");
    }

    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return principal.keyId().equals(keyId);
    }

    @Override
    public String wireForm() {
      return "key:" + keyId;
    }
  }

  /** Requests made with any key of one team. */
  record Team(String team) implements BudgetScope {
    public Team {
      requireNonNull(team, "team");
    }

    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return principal.team().equals(team);
    }

    @Override
    public String wireForm() {
      return "team:" + team;
    }
  }

  /** Requests made with any key of one tenant. */
  record Tenant(String tenant) implements BudgetScope {
    public Tenant {
      requireNonNull(tenant, "tenant");
    }

    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return principal.tenant().equals(tenant);
    }

    @Override
    public String wireForm() {
      return "tenant:" + tenant;
    }
  }

  /** Requests made with a key carrying the tag {@code name=value}. */
  record Tag(String name, String value) implements BudgetScope {
    public Tag {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
    }

    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return value.equals(principal.tags().get(name));
    }

    @Override
    public String wireForm() {
      return "tag:" + name + "=" + value;
    }
  }

  /**
   * Requests for one model: named by the caller, or an alias that may route to it. Once served,
   * the cost counts only when the caller named the model or it served the request.
   */
  record Model(String model) implements BudgetScope {
    public Model {
      requireNonNull(model, "model");
    }

    @Override
    public boolean covers(Principal principal, Collection<String> models) {
      return models.contains(model);
    }

    @Override
    public String wireForm() {
      return "model:" + model;
    }
  }
}
