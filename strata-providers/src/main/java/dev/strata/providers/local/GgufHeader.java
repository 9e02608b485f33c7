package dev.strata.providers.local;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the engine needs from a GGUF file's metadata, read in Java before llama.cpp sees the file.
 *
 * @param modelName {@code general.name}, or empty
 * @param trainedContext {@code <arch>.context_length}, or 0 when absent
 * @param addsBos whether llama.cpp starts every prompt with the BOS token: {@code
 *     tokenizer.ggml.add_bos_token}, or, when absent, llama.cpp's default for the tokenizer kind
 * @param bosTokenId the BOS token id, or -1
 * @param addsEos whether llama.cpp ends every prompt with the EOS token ({@code add_eos_token})
 * @param eosTokenId the EOS token id, or -1
 * @param controlTokens the texts of control and unknown tokens ({@code <s>}, {@code <|im_start|>}
 *     …), which llama.cpp's tokenizer turns into those tokens when it meets them
 */
record GgufHeader(
    String modelName,
    long trainedContext,
    boolean addsBos,
    int bosTokenId,
    boolean addsEos,
    int eosTokenId,
    List<String> controlTokens) {

  GgufHeader {
    requireNonNull(modelName, "modelName");
    controlTokens = List.copyOf(requireNonNull(controlTokens, "controlTokens"));
  }
}
