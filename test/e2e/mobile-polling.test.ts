import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import type { JobListener } from '../../src/jobs/job-records.port.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import type { MediaType } from '../../src/domain/media-type.js';
import type {
  ExtractOptions,
  ExtractedDocument,
  Extractor,
} from '../../src/pipeline/extract/extractor.port.js';
import { InProcessExtractor } from '../helpers/in-process-extractor.js';
import { openEventStream, rawGet, type SseEvent } from '../helpers/raw-http.js';
import { eventually, startTestApp } from '../helpers/test-app.js';

interface View {
  id: string;
  status: string;
  progress: { stage: string; percent: number };
}

/** Holds each extraction until `release()`, which lets the waiting ones go and re-arms. */
class ReusableGate implements Extractor {
  readonly mediaTypes: readonly MediaType[] = ['application/pdf'];
  started = 0;
  readonly #real = new InProcessExtractor();
  #open = Promise.withResolvers<undefined>();

  release(): void {
    this.#open.resolve(undefined);
    this.#open = Promise.withResolvers<undefined>();
  }

  async extract(bytes: Uint8Array, options: ExtractOptions): Promise<ExtractedDocument> {
    this.started += 1;
    await Promise.race([
      this.#open.promise,
      new Promise((_, reject) => {
        options.signal.addEventListener('abort', () => reject(options.signal.reason as Error), {
          once: true,
        });
      }),
    ]);
    return this.#real.extract(bytes, options);
  }

  close(): Promise<void> {
    return this.#real.close();
  }
}

/** A running app whose extractions wait for `gate.release()`, and helpers around it. */
async function gatedApp() {
  const gate = new ReusableGate();
  // Polling helpers below make many requests; the limits are not what is tested here.
  const t = await startTestApp(
    {
      SERENYA_RATE_LIMIT_PER_MINUTE: '100000',
      SERENYA_MAX_ACTIVE_JOBS_PER_USER: '100',
      SERENYA_WORKER_CONCURRENCY: '4',
    },
    { extractors: [gate] },
  );
  const token = await t.token('user-a');
  const client = new SerenyaClient({ baseUrl: t.url, token });
  const auth = { authorization: `Bearer ${token}` };
  // Counts the record watchers alive, through the real store: freed ones must go back down.
  let watchers = 0;
  const records = t.app.records;
  const watch = records.watch.bind(records);
  records.watch = (id: string, listener: JobListener) => {
    watchers += 1;
    const unwatch = watch(id, listener);
    return () => {
      watchers -= 1;
      unwatch();
    };
  };
  const pdf = await makeLabReportPdf(SAMPLE_ROWS);
  /** Uploads a job and waits until it is held at the gate: its version stays put until release. */
  const heldJob = async () => {
    const before = gate.started;
    const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
    await eventually(() => (gate.started > before ? true : undefined), 5000, 'extraction');
    await eventually(
      async () => ((await client.job(job.id)).progress.stage === 'extract' ? true : undefined),
      5000,
      'the extract stage recorded',
    );
    return job.id;
  };
  const get = (
    id: string,
    query = '',
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ) => rawGet(`${t.url}/v1/jobs/${id}${query}`, { ...auth, ...headers }, signal);
  return { gate, t, client, auth, heldJob, get, watchers: () => watchers };
}

const json = (body: Buffer) => JSON.parse(body.toString('utf8')) as View;
const version = (etag: string | undefined) => Number(/\.v(\d+)"$/.exec(etag ?? '')?.[1]);

describe('mobile protocol: ETag, long-poll and SSE resume (real socket)', () => {
  let app: Awaited<ReturnType<typeof gatedApp>>;
  let doneId: string;

  before(async () => {
    app = await gatedApp();
    doneId = await app.heldJob();
    app.gate.release();
    assert.equal((await app.client.waitUntilDone(doneId)).status, 'succeeded');
  });
  after(() => app.t.stop());

  test('GET job carries a weak ETag from id and version; If-None-Match answers 304 with no body', async () => {
    const first = await app.get(doneId);
    assert.equal(first.status, 200);
    const etag = first.headers.etag!;
    assert.match(etag, new RegExp(`^W/"${doneId}\\.v\\d+"$`));
    assert.equal(first.headers['cache-control'], 'private, no-cache');
    const again = await app.get(doneId, '', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['cache-control'], 'private, no-cache');
    // A list that names it, and *, match too; another version does not.
    const listed = await app.get(doneId, '', { 'if-none-match': `W/"x.v1", ${etag}` });
    assert.equal(listed.status, 304);
    const stale = `W/"${doneId}.v${version(etag) - 1}"`;
    assert.equal((await app.get(doneId, '', { 'if-none-match': stale })).status, 200);
  });

  test('the result has its own ETag per representation; 304 costs no body and keeps no-store', async () => {
    const path = `/v1/jobs/${doneId}/result`;
    const full = await rawGet(`${app.t.url}${path}`, app.auth);
    assert.equal(full.status, 200);
    const etag = full.headers.etag!;
    assert.match(etag, /\.json"$/);
    const delivered = app.t.logs.audit('job.delivered').length;
    const cached = await rawGet(`${app.t.url}${path}`, { ...app.auth, 'if-none-match': etag });
    assert.equal(cached.status, 304);
    assert.equal(cached.body.length, 0);
    assert.equal(cached.headers['cache-control'], 'no-store');
    assert.equal(cached.headers.etag, etag);
    assert.equal(app.t.logs.audit('job.delivered').length, delivered, 'a 304 delivers nothing');
    // The JSON ETag does not validate the FHIR or compact representations.
    for (const query of ['?format=fhir', '?shape=compact']) {
      const other = await rawGet(`${app.t.url}${path}${query}`, {
        ...app.auth,
        'if-none-match': etag,
      });
      assert.equal(other.status, 200, query);
      assert.notEqual(other.headers.etag, etag);
    }
  });

  test('after acknowledge, the result is 410 whatever If-None-Match says', async () => {
    const id = await app.heldJob();
    app.gate.release();
    await app.client.waitUntilDone(id);
    const path = `${app.t.url}/v1/jobs/${id}/result`;
    const { headers } = await rawGet(path, app.auth);
    await app.client.acknowledge(id);
    const gone = await rawGet(path, { ...app.auth, 'if-none-match': headers.etag! });
    assert.equal(gone.status, 410);
  });

  test('long-poll parameters out of range answer the bad_request problem', async () => {
    for (const query of ['timeout=0', 'timeout=31', 'timeout=abc', 'waitFor=ever']) {
      const response = await app.get(doneId, `?waitFor=change&${query}`);
      assert.equal(response.status, 400, query);
      assert.match(response.headers['content-type'] ?? '', /application\/problem\+json/);
      assert.equal((JSON.parse(response.body.toString()) as { code: string }).code, 'bad_request');
    }
  });

  test('long-poll on a terminal job answers at once (200, or 304 when the ETag matches)', async () => {
    const { headers } = await app.get(doneId);
    const started = Date.now();
    const fresh = await app.get(doneId, '?waitFor=change&timeout=30');
    assert.equal(fresh.status, 200);
    const same = await app.get(doneId, '?waitFor=change&timeout=30', {
      'if-none-match': headers.etag!,
    });
    assert.equal(same.status, 304);
    assert.ok(Date.now() - started < 20_000, 'not held until the timeout');
  });

  test('long-poll with a current ETag is held until the job changes, then 200 with a new ETag', async () => {
    const id = await app.heldJob();
    const current = await app.get(id);
    const etag = current.headers.etag!;
    const baseline = app.watchers();
    const waiting = app.get(id, '?waitFor=change&timeout=30', { 'if-none-match': etag });
    await eventually(() => (app.watchers() > baseline ? true : undefined), 3000, 'held');
    app.gate.release();
    const changed = await waiting;
    assert.equal(changed.status, 200);
    assert.ok(version(changed.headers.etag) > version(etag), 'a newer version');
    assert.equal(json(changed.body).id, id);
    await app.client.waitUntilDone(id);
  });

  test('long-poll with a stale ETag answers at once with the current state', async () => {
    const id = await app.heldJob();
    const etag = (await app.get(id)).headers.etag!;
    const stale = `W/"${id}.v${version(etag) - 1}"`;
    const response = await app.get(id, '?waitFor=change&timeout=30', { 'if-none-match': stale });
    assert.equal(response.status, 200);
    assert.equal(response.headers.etag, etag);
    app.gate.release();
  });

  test('long-poll times out with 304 and the same ETag when nothing changed', async () => {
    const id = await app.heldJob();
    const etag = (await app.get(id)).headers.etag!;
    const response = await app.get(id, '?waitFor=change&timeout=1', { 'if-none-match': etag });
    assert.equal(response.status, 304);
    assert.equal(response.headers.etag, etag);
    assert.equal(response.body.length, 0);
    app.gate.release();
  });

  test('long-poll without an ETag waits for the next change', async () => {
    const id = await app.heldJob();
    const before = version((await app.get(id)).headers.etag);
    const baseline = app.watchers();
    const waiting = app.get(id, '?waitFor=change&timeout=30');
    await eventually(() => (app.watchers() > baseline ? true : undefined), 3000, 'held');
    app.gate.release();
    const response = await waiting;
    assert.equal(response.status, 200);
    assert.ok(version(response.headers.etag) > before);
  });

  test('a client that goes away frees its long-poll at once', async () => {
    const id = await app.heldJob();
    const etag = (await app.get(id)).headers.etag!;
    const baseline = app.watchers();
    const leave = new AbortController();
    const waiting = app.get(
      id,
      '?waitFor=change&timeout=30',
      { 'if-none-match': etag },
      leave.signal,
    );
    await eventually(() => (app.watchers() > baseline ? true : undefined), 3000, 'held');
    leave.abort();
    await assert.rejects(waiting);
    await eventually(() => (app.watchers() === baseline ? true : undefined), 3000, 'freed');
    app.gate.release();
  });

  test('SSE starts with retry: and resumes after Last-Event-ID without repeating a version', async () => {
    const id = await app.heldJob();
    const url = `${app.t.url}/v1/jobs/${id}/events`;
    // Accepting compression changes nothing: the stream is identity, flushed event by event
    // (this first one arrives while the job is still held, so nothing buffered it).
    const first = await openEventStream(url, { ...app.auth, 'accept-encoding': 'br, gzip' });
    assert.equal(first.status, 200);
    assert.equal(first.headers['content-encoding'], undefined);
    const seen: SseEvent[] = [(await first.next())!];
    assert.match(first.text(), /^retry: 3000\n\n/);
    const lastId = seen[0]!.id!;
    first.close(); // mid-job: the extraction is still held
    // Reconnects while the job still is where the client left it, then the job moves on.
    const resumed = await openEventStream(url, { ...app.auth, 'last-event-id': lastId });
    app.gate.release();
    for (let event = await resumed.next(); event; event = await resumed.next()) seen.push(event);
    const versions = seen.map((event) => Number(event.id));
    assert.equal(new Set(versions).size, versions.length, `no version twice: ${versions.join()}`);
    assert.ok(
      versions.slice(1).every((v) => v > Number(lastId)),
      'only newer events',
    );
    const last = seen.at(-1)!;
    assert.equal(last.event, 'status');
    assert.equal(json(Buffer.from(last.data)).status, 'succeeded');
  });

  test('SSE with the current Last-Event-ID sends nothing until the next change', async () => {
    const id = await app.heldJob();
    const current = (await app.get(id)).headers.etag!;
    const url = `${app.t.url}/v1/jobs/${id}/events?lastEventId=${version(current)}`;
    const stream = await openEventStream(url, app.auth);
    // Heartbeats aside, nothing comes while the job does not change.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(stream.buffered(), 0);
    app.gate.release();
    const next = await stream.next();
    assert.ok(Number(next?.id) > version(current), 'the first event is a newer version');
    let last = next;
    for (let event = next; event; event = await stream.next()) last = event;
    assert.equal(json(Buffer.from(last!.data)).status, 'succeeded');
  });

  test('SSE on a finished job whose last event the client has answers 204 (EventSource stops)', async () => {
    const etag = (await app.get(doneId)).headers.etag!;
    const url = `${app.t.url}/v1/jobs/${doneId}/events`;
    const done = await rawGet(url, { ...app.auth, 'last-event-id': String(version(etag)) });
    assert.equal(done.status, 204);
    // An id from the future is not trusted: the current state comes once.
    const future = await openEventStream(url, { ...app.auth, 'last-event-id': '999999' });
    const event = await future.next();
    assert.equal(Number(event?.id), version(etag));
    assert.equal(await future.next(), undefined);
  });
});

describe('mobile protocol: shutdown releases held long-polls', () => {
  test('a held long-poll answers when the server stops instead of holding shutdown', async () => {
    const app = await gatedApp();
    try {
      const id = await app.heldJob();
      const etag = (await app.get(id)).headers.etag!;
      const waiting = app.get(id, '?waitFor=change&timeout=30', { 'if-none-match': etag });
      await eventually(() => (app.watchers() > 0 ? true : undefined), 3000, 'held');
      const stopping = app.t.stop();
      const answer = await waiting;
      assert.equal(answer.status, 304);
      assert.equal(answer.headers.connection, 'close');
      await stopping;
    } finally {
      app.gate.release();
      await app.t.stop();
    }
  });
});
