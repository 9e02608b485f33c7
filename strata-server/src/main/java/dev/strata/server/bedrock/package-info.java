/**
 * The Amazon Bedrock runtime API ({@code /model/{modelId}/converse}, {@code converse-stream},
 * {@code invoke}, {@code invoke-with-response-stream}, {@code count-tokens}) and the control
 * plane's foundation-model listing, translated to and from the canonical model.
 */
package dev.strata.server.bedrock;
