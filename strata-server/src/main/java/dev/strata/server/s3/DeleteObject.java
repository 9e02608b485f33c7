package dev.strata.server.s3;

import static java.util.Objects.requireNonNull;

import dev.strata.core.objectstore.ObjectStore;

/** DeleteObject: removes the object if it exists; either way S3 answers 204. */
final class DeleteObject implements S3Handler {
  private final ObjectStore store;

  DeleteObject(ObjectStore store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public void handle(S3Exchange exchange) {
    store.delete(exchange.target().object());
    exchange.response().setStatusCode(204).end();
  }
}
