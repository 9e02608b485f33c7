package dev.strata.core.testing;

import dev.strata.core.provisioned.ProvisionedStore;

class InMemoryProvisionedStoreTest extends ProvisionedStoreContract {
  @Override
  protected ProvisionedStore store() {
    return new InMemoryProvisionedStore();
  }
}
