/** tus requests made by hand (the tests that need exact control over offsets and bodies). */
export interface HandUpload {
  /** The POST's answer. */
  readonly created: Response;
  /** The upload's absolute URL. */
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly patch: (offset: number, body: Uint8Array) => Promise<Response>;
  readonly head: () => Promise<Response>;
}

/** Starts an upload of `length` bytes with POST /v1/uploads (tus 1.0). */
export async function createUpload(
  base: string,
  token: string,
  length: number,
  metadata: Record<string, string> = {},
): Promise<HandUpload> {
  const headers = { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0' };
  const encoded = Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  const created = await fetch(`${base}/v1/uploads`, {
    method: 'POST',
    headers: {
      ...headers,
      'upload-length': String(length),
      ...(encoded === '' ? {} : { 'upload-metadata': encoded }),
    },
  });
  const url = new URL(created.headers.get('location') ?? '/', base).href;
  return {
    created,
    url,
    headers,
    patch: (offset, body) =>
      fetch(url, {
        method: 'PATCH',
        headers: {
          ...headers,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body,
      }),
    head: () => fetch(url, { method: 'HEAD', headers }),
  };
}
