import { Agent } from 'node:https';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import * as z from 'zod';
import { compareExtract, type ExtractMeasurement } from '../../../scripts/bench/measureExtract';
import type { ExtractBenchEvent, ExtractBenchResult } from './extractBenchTask';
import { LAMBDA_QUOTAS } from './LAMBDA_QUOTAS';
import { lambdaVcpus } from './lambdaVcpus';

const measurementSchema = z.strictObject({
  engine: z.enum(['mysql', 'postgres']),
  mode: z.enum(['driver', 'extract']),
  rows: z.int(),
  seconds: z.number().positive(),
  planSeconds: z.number().optional(),
  maxRssMb: z.number(),
  cpuSeconds: z.number(),
  machineCpuSeconds: z.number().optional(),
  cores: z.int().positive(),
}) satisfies z.ZodType<ExtractMeasurement>;

const resultSchema = z.strictObject({
  table: z.string(),
  rows: z.int(),
  memorySizeMb: z.int(),
  cores: z.int(),
  duckdbMemoryLimit: z.string(),
  driver: measurementSchema,
  extract: measurementSchema,
}) satisfies z.ZodType<ExtractBenchResult>;

/**
 * The Lambda client the check invokes the bench with: one attempt (a retry would run the bench
 * again), and an HTTP request that outwaits the longest invocation. A synchronous invocation's
 * connection is silent while the function runs; TCP keepalives every 20 s keep NATs and load
 * balancers from dropping it as idle ("use TCP keepalive with a value of less than 350 seconds",
 * AWS Knowledge Center, "How can I prevent my Lambda function connected to an Amazon VPC from
 * timing out?", https://aws.amazon.com/premiumsupport/knowledge-center/lambda-vpc-timeout/).
 */
export function benchLambdaClient(): LambdaClient {
  return new LambdaClient({
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({
      requestTimeout: (LAMBDA_QUOTAS.maxTimeoutSeconds + 60) * 1000,
      httpsAgent: new Agent({ keepAlive: true, keepAliveMsecs: 20_000 }),
    }),
  });
}

/** The bench run the check asks for: the deployed function and the table the seed wrote. */
export interface ExtractBenchRun extends ExtractBenchEvent {
  readonly functionName: string;
}

/**
 * Invokes the deployed bench function synchronously and returns what to print: the function's
 * memory and CPU share, then the bench's own comparison (`compareExtract`: rows/s of both sides,
 * the ratio and its target, peak RSS and its target).
 *
 * @throws Error naming the function when it failed, or returned no bench result
 * @example
 * ```ts
 * for (const line of await runExtractBench(benchLambdaClient(), { functionName, table: 'bench_extract_items', rows: 1_000_000 })) console.log(line);
 * ```
 */
export async function runExtractBench(lambda: LambdaClient, run: ExtractBenchRun): Promise<string[]> {
  const { functionName, ...event } = run;
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(event)),
    }),
  );
  const payload = new TextDecoder().decode(response.Payload ?? new Uint8Array());
  if (response.FunctionError !== undefined) {
    throw new Error(
      `The extract bench function ${functionName} failed (${response.FunctionError}): ${payload}`,
    );
  }
  const result = resultSchema.parse(JSON.parse(payload));
  const comparison = compareExtract([result.driver], [result.extract], run.rows);
  const vcpus = lambdaVcpus(result.memorySizeMb);
  return [
    `extract bench on Lambda: ${result.rows.toLocaleString('en-US')} rows x 8 columns of ${result.table} on the replica, one chunk`,
    `  ${functionName}: ${result.memorySizeMb.toLocaleString('en-US')} MB = ${vcpus.toFixed(2)} vCPU of CPU time ` +
      `(${LAMBDA_QUOTAS.mbPerVcpu.toLocaleString('en-US')} MB = 1 vCPU), ${result.cores} cores seen, DuckDB memory_limit ${result.duckdbMemoryLimit}`,
    ...comparison.lines,
  ];
}
