/**
 * The adapter for OpenAI-compatible upstreams (OpenAI, vLLM, Ollama, llama.cpp server, LM Studio,
 * Together, Groq, Mistral, …): {@link dev.strata.providers.openai.OpenAiProvider} configured by
 * {@link dev.strata.providers.openai.OpenAiProviderConfig}. Everything else here is the mapping
 * between the canonical model and OpenAI's chat-completions wire format, and OpenAI's Files and
 * Batches APIs behind the provider's native batches ({@code Batch…} classes).
 */
package dev.strata.providers.openai;
