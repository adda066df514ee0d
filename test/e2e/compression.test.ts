import { Ajv2020 } from 'ajv/dist/2020.js';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { openEventStream, rawGet, type RawResponse } from '../helpers/raw-http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

function decode(response: RawResponse): unknown {
  const encoding = response.headers['content-encoding'];
  const body =
    encoding === 'br'
      ? brotliDecompressSync(response.body)
      : encoding === 'gzip'
        ? gunzipSync(response.body)
        : response.body;
  return JSON.parse(body.toString('utf8'));
}

/** Every path in `value` whose value is null or an empty array. */
function emptyPaths(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value))
    return value.length === 0
      ? [path]
      : value.flatMap((item, i) => emptyPaths(item, `${path}[${i}]`));
  if (typeof value === 'object')
    return Object.entries(value).flatMap(([key, member]) => emptyPaths(member, `${path}.${key}`));
  return [];
}

/** `full` with the members compact leaves out removed: what compact must equal. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, member]) => member !== null && !(Array.isArray(member) && member.length === 0))
      .map(([key, member]) => [key, withoutEmpty(member)]),
  );
}

describe('compression and the compact result (real socket, bytes as sent)', () => {
  let t: TestApp;
  let auth: Record<string, string>;
  let jobId: string;
  const url = (suffix = '') => `${t.url}/v1/jobs/${jobId}${suffix}`;

  before(async () => {
    t = await startTestApp();
    const token = await t.token('user-a');
    auth = { authorization: `Bearer ${token}` };
    const client = new SerenyaClient({ baseUrl: t.url, token });
    const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
      contentType: 'application/pdf',
    });
    jobId = job.id;
    assert.equal((await client.waitUntilDone(jobId)).status, 'succeeded');
  });
  after(() => t.stop());

  test('the result comes as br or gzip per Accept-Encoding, identity when not asked, same JSON', async () => {
    const identity = await rawGet(url('/result'), auth);
    assert.equal(identity.status, 200);
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.match(identity.headers.vary ?? '', /accept-encoding/);
    const expected = decode(identity);
    assert.ok(identity.body.length > 1024, 'a typical result is above the threshold');
    for (const [accept, encoding] of [
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['gzip, deflate, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
    ] as const) {
      const response = await rawGet(url('/result'), { ...auth, 'accept-encoding': accept });
      assert.equal(response.status, 200);
      assert.equal(response.headers['content-encoding'], encoding, accept);
      assert.match(response.headers.vary ?? '', /accept-encoding/);
      assert.match(response.headers.vary ?? '', /accept\b/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.ok(response.body.length < identity.body.length / 2, `${accept} saves bytes`);
      assert.deepEqual(decode(response), expected);
    }
    // An encoding we do not offer falls back to identity.
    const deflate = await rawGet(url('/result'), { ...auth, 'accept-encoding': 'deflate' });
    assert.equal(deflate.headers['content-encoding'], undefined);
    assert.deepEqual(decode(deflate), expected);
  });

  test('FHIR (application/fhir+json) is compressed too', async () => {
    const identity = await rawGet(url('/result?format=fhir'), auth);
    const br = await rawGet(url('/result?format=fhir'), { ...auth, 'accept-encoding': 'br' });
    assert.match(br.headers['content-type'] ?? '', /^application\/fhir\+json/);
    assert.equal(br.headers['content-encoding'], 'br');
    // The bundle's timestamp is when it was assembled, which differs per request.
    const stamped = (response: RawResponse) => ({ ...(decode(response) as object), timestamp: 0 });
    assert.deepEqual(stamped(br), stamped(identity));
    assert.ok(br.body.length < identity.body.length / 2);
  });

  test('small answers (a job view, a problem) stay identity under the 1 KiB threshold', async () => {
    const view = await rawGet(url(), { ...auth, 'accept-encoding': 'br, gzip' });
    assert.equal(view.status, 200);
    assert.ok(view.body.length < 1024);
    assert.equal(view.headers['content-encoding'], undefined);
    const problem = await rawGet(`${t.url}/v1/jobs/nope`, { ...auth, 'accept-encoding': 'br' });
    assert.equal(problem.status, 404);
    assert.equal(problem.headers['content-encoding'], undefined);
  });

  test('a 304 on the result is empty whatever the encoding', async () => {
    const first = await rawGet(url('/result'), { ...auth, 'accept-encoding': 'br' });
    const again = await rawGet(url('/result'), {
      ...auth,
      'accept-encoding': 'br',
      'if-none-match': first.headers.etag!,
    });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  test('the event stream is never compressed, even when the client accepts br and gzip', async () => {
    const stream = await openEventStream(url('/events'), {
      ...auth,
      'accept-encoding': 'br, gzip',
    });
    assert.equal(stream.status, 200);
    assert.equal(stream.headers['content-encoding'], undefined);
    assert.match(stream.headers['content-type'] ?? '', /^text\/event-stream/);
    assert.match(stream.headers['cache-control'] ?? '', /no-transform/);
    const event = await stream.next();
    assert.equal(event?.event, 'status');
    assert.equal(await stream.next(), undefined, 'a finished job ends the stream');
  });

  test('?shape=compact has no null and no empty array anywhere, and otherwise equals the result', async () => {
    const full = decode(await rawGet(url('/result'), auth));
    assert.ok(emptyPaths(full).length > 0, 'the full result has nulls or empty arrays to drop');
    const response = await rawGet(url('/result?shape=compact'), {
      ...auth,
      'accept-encoding': 'br',
    });
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'] ?? '', /^application\/json/);
    assert.match(response.headers.etag ?? '', /\.compact"$/);
    const compact = decode(response);
    assert.deepEqual(emptyPaths(compact), []);
    assert.deepEqual(compact, withoutEmpty(full));
  });

  test('the compact schema is published in the OpenAPI document and the compact result fits it', async () => {
    const doc = decode(await rawGet(`${t.url}/openapi.json`, { 'accept-encoding': 'gzip' })) as {
      components: { schemas: Record<string, object> };
      paths: Record<string, { get: { description: string } }>;
    };
    const schema = doc.components.schemas.AnalysisResultCompact;
    assert.ok(schema !== undefined);
    assert.match(doc.paths['/v1/jobs/{id}/result']!.get.description, /AnalysisResultCompact/);
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const compact = decode(await rawGet(url('/result?shape=compact'), auth));
    assert.ok(validate(compact), JSON.stringify(validate.errors));
    // The full result does not fit it (it has nulls): the schema says something.
    assert.equal(validate(decode(await rawGet(url('/result'), auth))), false);
  });
});
