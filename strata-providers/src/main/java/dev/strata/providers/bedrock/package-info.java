/**
 * The adapter for Amazon Bedrock's Converse API: {@link
 * dev.strata.providers.bedrock.BedrockProvider} configured by {@link
 * dev.strata.providers.bedrock.BedrockProviderConfig}, on Strata's own HTTP client with SigV4
 * signing ({@link dev.strata.providers.aws}). Everything else here maps between the canonical
 * model and Converse's JSON and ConverseStream's event-stream messages, and Bedrock's errors onto
 * {@link dev.strata.core.error.StrataException} kinds.
 */
package dev.strata.providers.bedrock;
