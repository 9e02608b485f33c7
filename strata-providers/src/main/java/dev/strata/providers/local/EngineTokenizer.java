package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.Pair;
import dev.strata.core.tokens.TokenCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The model's own chat template and tokenizer, run on the engine's tokenizer threads. A prompt is
 * built by the template from guarded, shielded text (see {@link ControlTokenGuard} and {@link
 * NonBmpShield}) and then tokenized once; those tokens are what the engine evaluates and bills.
 */
final class EngineTokenizer implements TokenCounter {
  static final Duration LIMIT = Duration.ofSeconds(60);

  private final LlamaModel model;
  private final EngineThreads threads;
  private final GgufHeader header;
  private final ControlTokenGuard guard;

  EngineTokenizer(LlamaModel model, EngineThreads threads, GgufHeader header) {
    this.model = requireNonNull(model, "model");
    this.threads = requireNonNull(threads, "threads");
    this.header = requireNonNull(header, "header");
    this.guard = new ControlTokenGuard(header.controlTokens());
  }

  /** The prompt text the model's chat template makes of {@code conversation}. */
  String chatPrompt(LocalConversation conversation) {
    String system = NonBmpShield.protect(guard.neutralize(conversation.system()));
    List<Pair<String, String>> turns = new ArrayList<>(conversation.turns().size());
    for (LocalConversation.Turn turn : conversation.turns()) {
      turns.add(new Pair<>(turn.role(), NonBmpShield.protect(guard.neutralize(turn.text()))));
    }
    InferenceParameters params = new InferenceParameters("").setMessages(system, turns);
    String templated =
        threads.onTokenizer("apply the chat template", LIMIT, () -> model.applyTemplate(params));
    return NonBmpShield.restore(templated);
  }

  /**
   * The tokens llama.cpp evaluates for {@code prompt}: its tokenization, after the BOS token and
   * before the EOS token where the model's tokenizer adds them to every prompt.
   */
  int[] promptTokens(String prompt) {
    int[] body = encode(prompt);
    boolean bos =
        header.addsBos()
            && header.bosTokenId() >= 0
            && (body.length == 0 || body[0] != header.bosTokenId());
    boolean eos = header.addsEos() && header.eosTokenId() >= 0;
    int[] tokens = new int[body.length + (bos ? 1 : 0) + (eos ? 1 : 0)];
    if (bos) {
      tokens[0] = header.bosTokenId();
    }
    System.arraycopy(body, 0, tokens, bos ? 1 : 0, body.length);
    if (eos) {
      tokens[tokens.length - 1] = header.eosTokenId();
    }
    return tokens;
  }

  /** The number of tokens the model's tokenizer makes of {@code text}, without BOS or EOS. */
  @Override
  public long count(String text) {
    return encode(text).length;
  }

  private int[] encode(String text) {
    requireNonNull(text, "text");
    return threads.onTokenizer("count tokens", LIMIT, () -> model.encode(text));
  }
}
