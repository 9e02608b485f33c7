package dev.strata.core.provider;

import dev.strata.core.error.StrataException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configured providers by name. Closing the registry closes every provider. */
public final class ProviderRegistry implements AutoCloseable {
  private final Map<String, Provider> providers;

  public ProviderRegistry(List<Provider> providers) {
    Map<String, Provider> byName = new LinkedHashMap<>();
    for (Provider provider : providers) {
      if (byName.putIfAbsent(provider.name(), provider) != null) {
        throw new IllegalArgumentException("provider '" + provider.name() + "' is defined twice");
      }
    }
    this.providers = java.util.Collections.unmodifiableMap(byName);
  }

  public Provider get(String name) {
    Provider provider = providers.get(name);
    if (provider == null) {
      throw StrataException.internal("no provider named '" + name + "' is configured", null);
    }
    return provider;
  }

  public boolean has(String name) {
    return providers.containsKey(name);
  }

  public List<Provider> all() {
    return List.copyOf(providers.values());
  }

  @Override
  public void close() {
    for (Provider provider : providers.values()) {
      try {
        provider.close();
      } catch (Exception e) {
        System.getLogger(ProviderRegistry.class.getName())
            .log(System.Logger.Level.WARNING, "closing provider " + provider.name() + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "ProviderRegistry" + providers.keySet();
  }
}
