package dev.strata.bench.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Renders {@code GET /v1/models}: a list object of model objects. */
final class ModelListJson {

  private static final long CREATED = 1_700_000_000L;

  private ModelListJson() {}

  static String list(List<String> ids) {
    ObjectNode root = JsonNodeFactory.instance.objectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    for (String id : ids) {
      data.addObject()
          .put("id", id)
          .put("object", "model")
          .put("created", CREATED)
          .put("owned_by", "strata-mock");
    }
    return root.toString();
  }
}
