package dev.strata.server.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.core.auth.ApiKey;
import dev.strata.core.auth.Principal;
import java.io.IOException;
import java.util.Map;

/** A key as the admin API shows it: never its hash, and its secret only when just issued. */
final class KeyJson {
  private KeyJson() {}

  static void write(JsonGenerator json, ApiKey key, String secretOrNull) throws IOException {
    Principal principal = key.principal();
    json.writeStartObject();
    json.writeStringField("id", key.id());
    json.writeStringField("object", "key");
    json.writeStringField("name", key.name());
    if (secretOrNull != null) {
      json.writeStringField("key", secretOrNull);
    }
    json.writeStringField("display_prefix", key.displayPrefix());
    json.writeStringField("tenant", principal.tenant());
    json.writeStringField("team", principal.team());
    json.writeStringField("app", principal.app());
    json.writeObjectFieldStart("tags");
    for (Map.Entry<String, String> tag : principal.tags().entrySet()) {
      json.writeStringField(tag.getKey(), tag.getValue());
    }
    json.writeEndObject();
    json.writeStringField("created_at", key.createdAt().toString());
    if (key.revokedAt().isPresent()) {
      json.writeStringField("revoked_at", key.revokedAt().get().toString());
    } else {
      json.writeNullField("revoked_at");
    }
    json.writeEndObject();
  }
}
