package dev.strata.server.bedrock.provisioned;

import dev.strata.core.error.StrataException;
import dev.strata.core.provisioned.ProvisionedModel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One page of ListProvisionedModelThroughputs. The next token names the last model returned (its
 * creation time and id), so a page starts after it even when models were created or deleted in
 * between.
 */
record ListPage(List<ProvisionedModel> models, Optional<String> nextToken) {
  /** The page of at most {@code max} of {@code sorted} (in list order) after {@code token}. */
  static ListPage of(
      List<ProvisionedModel> sorted, int max, Optional<String> token, boolean ascending) {
    List<ProvisionedModel> rest = sorted;
    if (token.isPresent()) {
      Cursor after = Cursor.parse(token.get());
      rest =
          sorted.stream()
              .filter(
                  model -> {
                    int position = after.compareTo(model);
                    return ascending ? position < 0 : position > 0;
                  })
              .toList();
    }
    if (rest.size() <= max) {
      return new ListPage(rest, Optional.empty());
    }
    List<ProvisionedModel> page = rest.subList(0, max);
    ProvisionedModel last = page.get(page.size() - 1);
    return new ListPage(
        List.copyOf(page), Optional.of(new Cursor(last.createdAt(), last.id()).token()));
  }

  /** Where a page ends. */
  private record Cursor(Instant createdAt, String id) {
    /** Negative when this cursor comes before {@code model} in creation order. */
    int compareTo(ProvisionedModel model) {
      int byTime = createdAt.compareTo(model.createdAt());
      return byTime != 0 ? byTime : id.compareTo(model.id());
    }

    String token() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((createdAt.toEpochMilli() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor parse(String token) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return new Cursor(
            Instant.ofEpochMilli(Long.parseLong(text.substring(0, colon))),
            text.substring(colon + 1));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw StrataException.invalid(
            "nextToken", "The nextToken '" + token + "' is not one this API returned.");
      }
    }
  }
}
