package dev.strata.core.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** One turn of a conversation: a role and its typed content blocks, in order. */
public record Message(Role role, List<ContentBlock> content) {
  public Message {
    requireNonNull(role, "role");
    content = List.copyOf(requireNonNull(content, "content"));
  }

  public static Message user(String text) {
    return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
  }

  public static Message assistant(String text) {
    return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
  }

  /** The concatenated text blocks of this message, ignoring other block kinds. */
  public String text() {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : content) {
      if (block instanceof ContentBlock.Text t) {
        text.append(t.text());
      }
    }
    return text.toString();
  }
}
