/**
 * Bedrock batch inference: the control plane's model-invocation jobs ({@code
 * /model-invocation-job}, {@code /model-invocation-jobs}) and the JSONL record format their input
 * and output files use ({@code {recordId, modelInput}} in, {@code modelOutput} or {@code error}
 * out, plus a manifest of counts).
 */
package dev.strata.server.bedrock.batch;
