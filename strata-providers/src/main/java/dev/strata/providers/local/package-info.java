/**
 * The embedded local engine: {@link dev.strata.providers.local.LocalEngineProvider}, configured by
 * {@link dev.strata.providers.local.LocalEngineConfig}, serves one GGUF model in process through
 * llama.cpp's JNI binding. Everything else here is its machinery: slots and their KV-cache
 * affinity, the platform threads that make native calls, the chat template and tokenizer, stop
 * sequences, and the GGUF metadata reader.
 */
package dev.strata.providers.local;
