/**
 * The adapter for Google's Gemini API: {@link dev.strata.providers.gemini.GeminiProvider}
 * configured by {@link dev.strata.providers.gemini.GeminiProviderConfig}. Everything else here maps
 * between the canonical model and Gemini's {@code generateContent} wire format.
 */
package dev.strata.providers.gemini;
