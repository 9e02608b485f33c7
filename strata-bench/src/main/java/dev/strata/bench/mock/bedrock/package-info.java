/**
 * A mock Amazon Bedrock runtime upstream (Converse and ConverseStream) for tests and benchmarks.
 */
package dev.strata.bench.mock.bedrock;
