package dev.strata.server.openai.batch;

import dev.strata.server.openai.JsonFields;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.strata.server.http.Call;
import java.io.IOException;
import java.util.List;

/** Query parameters and cursors shared by the list endpoints. */
final class Queries {
  private Queries() {}

  /** {@code limit}, between 1 and {@code max}; {@code fallback} when absent. */
  static int limit(Call call, int fallback, int max) {
    String value = call.request().getParam("limit");
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw JsonFields.invalidValue("limit", "Invalid 'limit': expected an integer, got '" + value + "'.");
    }
    if (limit < 1 || limit > max) {
      throw JsonFields.invalidValue(
          "limit", "Invalid 'limit': it must be between 1 and " + max + ", got " + limit + ".");
    }
    return limit;
  }

  /** {@code first_id}, {@code last_id} and {@code has_more} of a list page. */
  static void writeCursors(JsonGenerator json, List<String> ids, boolean hasMore)
      throws IOException {
    if (ids.isEmpty()) {
      json.writeNullField("first_id");
      json.writeNullField("last_id");
    } else {
      json.writeStringField("first_id", ids.get(0));
      json.writeStringField("last_id", ids.get(ids.size() - 1));
    }
    json.writeBooleanField("has_more", hasMore);
  }
}
