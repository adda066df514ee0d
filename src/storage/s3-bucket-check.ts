import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  PutBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import { errorName } from './s3-listing.js';

/** The ID of the lifecycle rule this service owns in the bucket. */
export const LIFECYCLE_RULE_ID = 'serenya-expiry';

/**
 * S3 expires objects in whole days only; the sweeper deletes by age within the hour, and this
 * rule is the backstop for anything a crash or an outage left behind.
 */
export function lifecycleRule(prefix: string): LifecycleRule {
  return {
    ID: LIFECYCLE_RULE_ID,
    Status: 'Enabled',
    Filter: { Prefix: prefix },
    Expiration: { Days: 1 },
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
  };
}

/**
 * Start-up check of the bucket: warns when versioning is (or was) on, since deleted objects would
 * survive as noncurrent versions, and installs the lifecycle rule when it is missing or differs,
 * keeping the bucket's other rules. A server that lacks either call gets a warning, not a crash.
 */
export async function checkS3Bucket(
  client: S3Client,
  bucket: string,
  prefix: string,
): Promise<{ warnings: string[] }> {
  const warnings: string[] = [];
  try {
    const { Status } = await client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    if (Status === 'Enabled' || Status === 'Suspended')
      warnings.push(
        `S3 bucket versioning is ${Status}: deleted objects survive as noncurrent versions; ` +
          'use an unversioned bucket (or a rule expiring noncurrent versions)',
      );
  } catch (error) {
    if (!notImplemented(error)) throw error;
    warnings.push('S3 server does not implement GetBucketVersioning: versioning not checked');
  }
  try {
    await ensureLifecycleRule(client, bucket, prefix);
  } catch (error) {
    if (!notImplemented(error)) throw error;
    warnings.push(
      'S3 server does not implement bucket lifecycle configuration: no expiry backstop ' +
        '(the sweeper still deletes by age)',
    );
  }
  return { warnings };
}

async function ensureLifecycleRule(client: S3Client, bucket: string, prefix: string) {
  const rules = await client
    .send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))
    .then(
      (output) => output.Rules ?? [],
      (error: unknown) => {
        if (errorName(error) === 'NoSuchLifecycleConfiguration') return [];
        throw error;
      },
    );
  const wanted = lifecycleRule(prefix);
  const ours = rules.find((rule) => rule.ID === LIFECYCLE_RULE_ID);
  if (ours !== undefined && sameRule(ours, wanted)) return;
  const others = rules.filter((rule) => rule.ID !== LIFECYCLE_RULE_ID);
  await client.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: { Rules: [...others, wanted] },
    }),
  );
}

function sameRule(a: LifecycleRule, b: LifecycleRule): boolean {
  return (
    a.Status === b.Status &&
    (a.Filter?.Prefix ?? '') === (b.Filter?.Prefix ?? '') &&
    a.Filter?.And === undefined &&
    a.Filter?.Tag === undefined &&
    a.Filter?.ObjectSizeGreaterThan === undefined &&
    a.Filter?.ObjectSizeLessThan === undefined &&
    a.Expiration?.Days === b.Expiration?.Days &&
    a.AbortIncompleteMultipartUpload?.DaysAfterInitiation ===
      b.AbortIncompleteMultipartUpload?.DaysAfterInitiation
  );
}

function notImplemented(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return errorName(error) === 'NotImplemented' || status === 501;
}
