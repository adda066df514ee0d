import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ProviderCaller } from '../../providers/provider-caller.js';
import type { ProviderMetrics } from '../../providers/provider-metrics.js';
import { classifyTextractError } from './textract.classify.js';

/** The bucket multi-page documents are staged in for Textract's asynchronous analysis. */
export interface StagingBucket {
  readonly s3: S3Client;
  readonly bucket: string;
}

/** Where one document is staged. */
export interface StagedObject {
  readonly Bucket: string;
  readonly Key: string;
}

const DELETE_TIMEOUT_MS = 10_000;

/** Uploads the document, encrypted with KMS at rest, through the provider's caller. */
export async function stage(
  staging: StagingBucket,
  caller: ProviderCaller,
  object: StagedObject,
  bytes: Uint8Array,
  signal: AbortSignal,
): Promise<void> {
  const command = new PutObjectCommand({
    ...object,
    Body: bytes,
    ContentType: 'application/pdf',
    ServerSideEncryption: 'aws:kms',
  });
  await caller.call(
    'PutObject',
    (callSignal) => staging.s3.send(command, { abortSignal: callSignal }),
    signal,
  );
}

/**
 * Deletes the staged copy, also after a failure or a cancelled job (so not through the circuit
 * breaker, which may be open, nor under the job's signal). Tried twice; a failure is counted,
 * and the bucket's expiry rule is the backstop.
 */
export async function unstage(
  staging: StagingBucket,
  metrics: ProviderMetrics,
  object: StagedObject,
): Promise<void> {
  const labels = { provider: 'textract', operation: 'DeleteObject' } as const;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await staging.s3.send(new DeleteObjectCommand(object), {
        abortSignal: AbortSignal.timeout(DELETE_TIMEOUT_MS),
      });
      metrics.requests.inc({ ...labels, result: 'ok' });
      return;
    } catch (error) {
      metrics.requests.inc({ ...labels, result: classifyTextractError(error).kind });
    }
  }
}
