import type { ResilienceSettings } from '../pipeline/providers/provider-caller.js';

/** The validated, typed configuration every module receives. Built only by loadConfig. */
export interface Config {
  /** True outside NODE_ENV=production. */
  readonly development: boolean;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly trustProxy: boolean;
    /** Longest `Prefer: wait=N` honoured, in seconds. */
    readonly maxWaitSeconds: number;
    readonly rateLimitPerMinute: number;
    readonly rateLimitPerIpPerMinute: number;
    readonly maxEventLoopDelayMs: number;
  };
  readonly logLevel: string;
  readonly auth: AuthConfig;
  readonly keys: {
    /**
     * 32-byte master key (from env, or random in development mode): keys the owner hash, and
     * wraps data keys unless a KMS key does.
     */
    readonly masterKey: Buffer;
    /** True when the master key was generated for this process only. */
    readonly ephemeral: boolean;
    /** AWS KMS key that wraps data keys instead of the master key. */
    readonly kmsKeyId: string | undefined;
  };
  readonly store: StoreConfig;
  readonly queue: QueueConfig;
  readonly jobs: {
    readonly ttlSeconds: number;
    readonly maxRetries: number;
    readonly retryBaseDelayMs: number;
    readonly processingTimeoutSeconds: number;
    readonly concurrency: number;
    readonly maxQueued: number;
    readonly maxActivePerUser: number;
    readonly sweepIntervalSeconds: number;
    readonly shutdownGraceSeconds: number;
    /** Redis queue: lock time of a running job, after which a dead worker's job is taken over. */
    readonly stalledIntervalSeconds: number;
  };
  readonly limits: {
    readonly maxUploadBytes: number;
    readonly maxPages: number;
    readonly maxImagePixels: number;
  };
  readonly extraction: {
    readonly processes: number;
    readonly memoryMb: number;
    readonly recycleAfter: number;
  };
  readonly interpreter: 'local' | 'claude' | 'comprehend';
  readonly extractor: 'local' | 'textract';
  readonly providers: ProvidersConfig;
  /** The completion webhook; undefined when SERENYA_WEBHOOK_URL is not set. */
  readonly webhook: WebhookConfig | undefined;
}

/** Where and how job completion notices are delivered (src/notify). */
export interface WebhookConfig {
  readonly url: URL;
  /** HMAC-SHA256 key of the `Serenya-Signature` header. */
  readonly secret: Buffer;
  /** Normalised CIDRs (`address/prefix`) exempt from the private-address refusal. */
  readonly allowedCidrs: readonly string[];
  /** Tries of one notice, the first included. */
  readonly maxAttempts: number;
  readonly retryBaseDelayMs: number;
  /** Limit of one request (connect, send, response headers). */
  readonly timeoutMs: number;
}

export type StoreConfig =
  | { readonly kind: 'fs'; readonly tmpDir: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly prefix: string;
      /** An S3-compatible server; absent means AWS S3 in the configured region. */
      readonly endpoint: string | undefined;
    };

export type QueueConfig =
  | { readonly kind: 'memory' }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

/** External providers: how they are reached and how hard they are tried. */
export interface ProvidersConfig {
  /** Fail the job rather than fall back to the embedded engine when a provider is unavailable. */
  readonly required: boolean;
  /** Replace PHI spans by placeholders in all text sent to a provider. */
  readonly minimisePhi: boolean;
  readonly resilience: ResilienceSettings;
  readonly claude: {
    readonly apiKey: string | undefined;
    readonly baseUrl: string;
    readonly model: string;
  };
  readonly aws: {
    readonly region: string | undefined;
    /** Explicit credentials; undefined leaves them to the SDK's default chain. */
    readonly credentials:
      | {
          readonly accessKeyId: string;
          readonly secretAccessKey: string;
          readonly sessionToken?: string;
        }
      | undefined;
    readonly endpoints: {
      readonly textract: string | undefined;
      readonly comprehendmedical: string | undefined;
      readonly s3: string | undefined;
      readonly kms: string | undefined;
    };
    /** Staging bucket for asynchronous Textract analysis of multi-page PDFs. */
    readonly textractBucket: string | undefined;
  };
}

export type AuthConfig =
  | {
      readonly kind: 'hs256';
      readonly secret: Buffer;
      /** True when the secret was generated for this process only (development mode). */
      readonly ephemeral: boolean;
      readonly issuer?: string;
      readonly audience?: string;
      readonly maxTokenAgeSeconds: number;
    }
  | {
      readonly kind: 'jwks';
      readonly jwksUrl: URL;
      readonly algorithms: readonly string[];
      readonly issuer?: string;
      readonly audience?: string;
      readonly maxTokenAgeSeconds: number;
    };
