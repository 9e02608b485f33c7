package dev.strata.core.provisioned;

import dev.strata.core.auth.Principal;
import dev.strata.core.catalog.ModelCatalog;
import dev.strata.core.catalog.ModelEntry;
import dev.strata.core.catalog.PriceSource;
import dev.strata.core.money.PriceBook;
import dev.strata.core.money.PriceBookLoader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** A catalog, the shipped price book and requests for the provisioned tests. */
final class Provisioning {
  /** Bedrock's Claude 3.5 Haiku: the shipped book gives it 100,000 tokens a minute per unit. */
  static final String HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";

  /** The same model served by a self-hosted vLLM, priced like the Bedrock one. */
  static final String HAIKU_ON_VLLM = "haiku-on-vllm";

  static final String NOVA = "amazon.nova-pro-v1:0";

  /** A model the price book cannot provision. */
  static final String GPT = "gpt-4o";

  static final Principal ALICE = new Principal("key-alice", "acme", "search", "web", Map.of());
  static final Principal BOB = new Principal("key-bob", "acme", "ads", "", Map.of());
  static final Principal MALLORY = new Principal("key-mallory", "globex", "", "", Map.of());

  static final PriceBook PRICES = PriceBookLoader.shipped();

  static final ModelCatalog CATALOG =
      new ModelCatalog(
          List.of(
              listed(HAIKU, "bedrock", HAIKU, HAIKU),
              listed(HAIKU_ON_VLLM, "vllm", "claude-haiku-local", HAIKU),
              listed(NOVA, "bedrock", NOVA, NOVA),
              listed(GPT, "openai", GPT, GPT)),
          Map.of("fast", List.of(GPT, NOVA)));

  private Provisioning() {}

  static ModelEntry listed(String name, String provider, String upstream, String priceId) {
    return new ModelEntry(
        name, provider, upstream, new PriceSource.Listed(priceId), OptionalInt.of(4096), false);
  }

  static ProvisionedModels registry(ProvisionedStore store, Clock clock) {
    return registry(store, CATALOG, Duration.ZERO, clock);
  }

  static ProvisionedModels registry(
      ProvisionedStore store, ModelCatalog catalog, Duration provisioningTime, Clock clock) {
    return new ProvisionedModels(
        store,
        catalog,
        PRICES,
        new ProvisionedArns("eu-west-1", "123456789012"),
        provisioningTime,
        clock);
  }

  static NewProvisionedModel request(String name, String base, int units, CommitmentTerm term) {
    return new NewProvisionedModel(
        name, base, units, term, ALICE, Map.of("project", "alpha"), Optional.empty());
  }
}
