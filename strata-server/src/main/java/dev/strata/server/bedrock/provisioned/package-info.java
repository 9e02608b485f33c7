/**
 * Provisioned throughput on the Bedrock control plane ({@code /provisioned-model-throughput}:
 * create, get, list, update, delete, in the AWS SDK's shapes) and the admin API's break-even report
 * ({@code GET /admin/provisioned/report}).
 */
package dev.strata.server.bedrock.provisioned;
