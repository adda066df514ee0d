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
    /** 32-byte master key (from env, or random in development mode). */
    readonly masterKey: Buffer;
    /** True when the master key was generated for this process only. */
    readonly ephemeral: boolean;
  };
  readonly store: { readonly kind: 'fs'; readonly tmpDir: string };
  readonly queue: { readonly kind: 'memory' };
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
  readonly interpreter: 'local';
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
