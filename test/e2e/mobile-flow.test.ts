import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import { startCuttingProxy, type CuttingProxy } from '../helpers/cutting-proxy.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { openEventStream, rawGet } from '../helpers/raw-http.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const MiB = 1024 * 1024;

/**
 * The mobile flow of issue 7 end to end, as a phone on a bad network would live it: a 10 MB
 * document uploaded with tus-js-client in 1 MiB chunks while the connection is cut twice,
 * progress followed over SSE with one reconnect (Last-Event-ID), the result fetched brotli-
 * compressed, acknowledged, and nothing left on disk.
 */
describe('mobile flow: resumable upload, SSE with a reconnect, compressed result', () => {
  let t: TestApp;
  let proxy: CuttingProxy;

  before(async () => {
    t = await startTestApp();
    proxy = await startCuttingProxy(t.url);
  });
  after(async () => {
    await proxy.close();
    await t.stop();
  });

  test('10 MB in 1 MiB chunks, cut twice, resumed, processed, delivered, acknowledged', async () => {
    const token = await t.token('phone-user');
    const doc = await makeLabReportPdf(SAMPLE_ROWS, { padBytes: 10 * MiB });
    assert.ok(doc.length > 10 * MiB);
    proxy.cutAt([Math.round(doc.length * 0.35), Math.round(doc.length * 0.7)]);
    const client = new SerenyaClient({ baseUrl: proxy.url, token });
    let acknowledged = 0;
    const id = await client.uploadResumable(doc, {
      chunkSize: MiB,
      contentType: 'application/pdf',
      retryDelays: [0, 100, 200, 400],
      onProgress: (sent) => {
        acknowledged = sent;
      },
    });
    assert.equal(proxy.cuts, 2, 'the connection was cut twice');
    assert.equal(acknowledged, doc.length);
    assert.ok(proxy.bytesUp - doc.length < 512 * 1024, 'resumed, not restarted');

    // SSE: read one event, drop the connection, come back with Last-Event-ID.
    const auth = { authorization: `Bearer ${token}` };
    const events = `${proxy.url}/v1/jobs/${id}/events`;
    const first = await openEventStream(events, auth);
    const seen = [await first.next()];
    first.close();
    const lastId = seen[0]?.id ?? '0';
    const second = await openEventStream(events, { ...auth, 'last-event-id': lastId });
    if (second.status === 200) {
      for (let e = await second.next(); e !== undefined; e = await second.next()) seen.push(e);
    } else {
      assert.equal(second.status, 204, 'nothing new: the first stream already ended the job');
    }
    const versions = seen.map((e) => Number(e?.id));
    assert.equal(new Set(versions).size, versions.length, `no event twice: ${versions.join()}`);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    const last = JSON.parse(seen.at(-1)?.data ?? '{}') as { status?: string };
    assert.equal(last.status, 'succeeded');

    const plain = await rawGet(`${t.url}/v1/jobs/${id}/result`, auth);
    const packed = await rawGet(`${t.url}/v1/jobs/${id}/result`, {
      ...auth,
      'accept-encoding': 'br, gzip',
    });
    assert.equal(packed.headers['content-encoding'], 'br');
    assert.ok(packed.body.length < plain.body.length / 2, `${packed.body.length} bytes`);
    const result = JSON.parse(brotliDecompressSync(packed.body).toString('utf8')) as {
      labs: unknown[];
    };
    assert.deepEqual(result, JSON.parse(plain.body.toString('utf8')));
    assert.equal(result.labs.length, SAMPLE_ROWS.length);

    const receipt = await client.acknowledge(id);
    assert.equal(receipt.action, 'acknowledged');
    await t.expectNoFiles();
  });
});
