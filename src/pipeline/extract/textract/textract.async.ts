import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GetDocumentAnalysisCommand,
  StartDocumentAnalysisCommand,
  type Block,
  type JobStatus,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import { ProviderError } from '../../providers/provider-error.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import { checkedAnalysis, checkedBlocks, type TextractAnalysis } from './block-index.js';
import { refusable, REFUSED, type Refused } from './textract.classify.js';
import { stage, unstage, type StagingBucket } from './textract.staging.js';

export interface AsyncFlow {
  readonly client: TextractClient;
  readonly caller: ProviderCaller;
  readonly metrics: ProviderMetrics;
  readonly staging: StagingBucket;
  /** Wait between two GetDocumentAnalysis polls, in milliseconds. */
  readonly pollIntervalMs: number;
  /** Longest wait for the job to finish before Textract counts as timed out. */
  readonly timeoutMs: number;
}

const STATUSES: readonly JobStatus[] = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'PARTIAL_SUCCESS'];

/**
 * A multi-page PDF: staged under a random key (no user or job id), analysed by
 * StartDocumentAnalysis, polled with GetDocumentAnalysis following every NextToken, and deleted
 * whatever happened. A FAILED job is Textract refusing the document.
 */
export async function analyzeStaged(
  flow: AsyncFlow,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<TextractAnalysis | Refused> {
  const token = randomUUID();
  const location = { Bucket: flow.staging.bucket, Key: `textract/${token}.pdf` };
  try {
    await stage(flow.staging, flow.caller, location, bytes, signal);
    const start = new StartDocumentAnalysisCommand({
      DocumentLocation: { S3Object: { Bucket: location.Bucket, Name: location.Key } },
      FeatureTypes: ['TABLES', 'FORMS'],
      // Makes a retried start return the same job instead of starting (and billing) another.
      ClientRequestToken: token,
    });
    const jobId = await flow.caller.call(
      'StartDocumentAnalysis',
      async (callSignal) => {
        const answer = await refusable(() => flow.client.send(start, { abortSignal: callSignal }));
        if (answer === REFUSED) return REFUSED;
        if (typeof answer.JobId !== 'string' || answer.JobId === '')
          throw new ProviderError('textract', 'invalid_response');
        return answer.JobId;
      },
      signal,
    );
    return jobId === REFUSED ? REFUSED : await results(flow, jobId, signal);
  } finally {
    await unstage(flow.staging, flow.metrics, location);
  }
}

interface ResultPage {
  readonly status: JobStatus;
  readonly blocks: Block[];
  readonly next: string | undefined;
  readonly pages: unknown;
}

async function results(
  flow: AsyncFlow,
  jobId: string,
  signal: AbortSignal,
): Promise<TextractAnalysis | Refused> {
  const get = (nextToken: string | undefined) =>
    flow.caller.call(
      'GetDocumentAnalysis',
      async (callSignal): Promise<ResultPage> => {
        const command = new GetDocumentAnalysisCommand({ JobId: jobId, NextToken: nextToken });
        const answer = await flow.client.send(command, { abortSignal: callSignal });
        const status = answer.JobStatus;
        if (status === undefined || !STATUSES.includes(status))
          throw new ProviderError('textract', 'invalid_response');
        const next = answer.NextToken === '' ? undefined : answer.NextToken;
        const blocks = checkedBlocks(answer.Blocks);
        return { status, blocks, next, pages: answer.DocumentMetadata?.Pages };
      },
      signal,
    );
  const deadline = performance.now() + flow.timeoutMs;
  let first: ResultPage;
  do {
    if (performance.now() > deadline) throw new ProviderError('textract', 'timeout');
    await pause(flow.pollIntervalMs, signal);
    first = await get(undefined);
  } while (first.status === 'IN_PROGRESS');
  if (first.status === 'FAILED') return REFUSED;
  const blocks = [...first.blocks];
  const seen = new Set<string>();
  for (let token = first.next; token !== undefined;) {
    // A token seen before would never end: the answer cannot be trusted.
    if (seen.has(token)) throw new ProviderError('textract', 'invalid_response');
    seen.add(token);
    const page = await get(token);
    blocks.push(...page.blocks);
    token = page.next;
  }
  return checkedAnalysis(blocks, first.pages);
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    signal.throwIfAborted();
    throw error;
  }
}
