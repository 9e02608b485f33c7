package dev.strata.providers.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** Converts between Jackson trees and the SDK's {@link Document}s (tool inputs and schemas). */
final class JsonDocuments {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonDocuments() {}

  static Document toDocument(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Document.fromNull();
    }
    if (node.isObject()) {
      Map<String, Document> members = new LinkedHashMap<>();
      node.properties().forEach(entry -> members.put(entry.getKey(), toDocument(entry.getValue())));
      return Document.fromMap(members);
    }
    if (node.isArray()) {
      List<Document> items = new ArrayList<>();
      node.forEach(item -> items.add(toDocument(item)));
      return Document.fromList(items);
    }
    if (node.isBoolean()) {
      return Document.fromBoolean(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return Document.fromNumber(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return Document.fromNumber(node.decimalValue());
    }
    return Document.fromString(node.asText());
  }

  static JsonNode toJson(Document document) {
    if (document == null || document.isNull()) {
      return NODES.nullNode();
    }
    if (document.isMap()) {
      ObjectNode object = NODES.objectNode();
      document.asMap().forEach((key, value) -> object.set(key, toJson(value)));
      return object;
    }
    if (document.isList()) {
      ArrayNode array = NODES.arrayNode();
      document.asList().forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (document.isBoolean()) {
      return NODES.booleanNode(document.asBoolean());
    }
    if (document.isNumber()) {
      BigDecimal number = document.asNumber().bigDecimalValue();
      return number.scale() <= 0
          ? NODES.numberNode(number.toBigIntegerExact())
          : NODES.numberNode(number);
    }
    return NODES.textNode(document.asString());
  }
}
