import { TextractClient, type TextractClientConfig } from '@aws-sdk/client-textract';

/** Where and as whom to call Textract; absent credentials use the SDK's default chain. */
export interface TextractClientSettings {
  readonly region: string;
  /** A non-AWS endpoint (a local test server); absent means the region's AWS endpoint. */
  readonly endpoint?: string | undefined;
  readonly credentials?: TextractClientConfig['credentials'];
}

/** A Textract client that tries each call once: ProviderCaller owns retries and timeouts. */
export function createTextractClient(settings: TextractClientSettings): TextractClient {
  return new TextractClient({
    region: settings.region,
    maxAttempts: 1,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.credentials === undefined ? {} : { credentials: settings.credentials }),
  });
}
