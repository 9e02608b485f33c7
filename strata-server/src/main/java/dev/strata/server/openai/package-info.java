/** The OpenAI wire format: chat completions (plain and SSE), embeddings, models and errors. */
package dev.strata.server.openai;
