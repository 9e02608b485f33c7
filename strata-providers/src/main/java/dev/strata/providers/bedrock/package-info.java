/**
 * The adapter for Amazon Bedrock's Converse API: {@link
 * dev.strata.providers.bedrock.BedrockProvider} configured by {@link
 * dev.strata.providers.bedrock.BedrockProviderConfig}, on the AWS SDK's async client (SigV4).
 * Everything else here maps between the canonical model and the SDK's types.
 */
package dev.strata.providers.bedrock;
