/**
 * A mock of Google's Gemini API over real HTTP ({@code generateContent} and {@code
 * streamGenerateContent?alt=sse}), with scripted failures, for tests of the Gemini adapter.
 */
package dev.strata.bench.mock.gemini;
