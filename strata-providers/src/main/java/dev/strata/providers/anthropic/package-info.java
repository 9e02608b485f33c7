/**
 * The adapter for Anthropic's Messages API: {@link
 * dev.strata.providers.anthropic.AnthropicProvider} configured by {@link
 * dev.strata.providers.anthropic.AnthropicProviderConfig}. Everything else here maps between the
 * canonical model and Anthropic's wire format.
 */
package dev.strata.providers.anthropic;
