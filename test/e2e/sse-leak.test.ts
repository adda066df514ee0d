import assert from 'node:assert/strict';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { SerenyaClient } from '../../src/client/serenya-client.js';
import type { JobListener } from '../../src/jobs/job-records.port.js';
import { GatedExtractor } from '../helpers/doubles.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../helpers/documents.js';
import { openEventStream } from '../helpers/raw-http.js';
import { eventually, startTestApp } from '../helpers/test-app.js';

/** How long a record read takes while `slow` is on: a slow Redis, as the review measured it. */
const SLOW_READ_MS = 200;

/** Ref'd timers alive right now: a leaked SSE heartbeat is one of them, and keeps the process up. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/**
 * A running app whose extractions are held (so a job stays unfinished), with the real record
 * store wrapped to count live watchers and, on demand, to read slowly.
 */
async function slowStoreApp() {
  const gate = new GatedExtractor();
  const t = await startTestApp({}, { extractors: [gate] });
  const token = await t.token('user-a');
  const client = new SerenyaClient({ baseUrl: t.url, token });
  const auth = { authorization: `Bearer ${token}` };
  const records = t.app.records;
  const state = { watchers: 0, slow: false, slowReadsDone: 0 };
  const watch = records.watch.bind(records);
  records.watch = (id: string, listener: JobListener) => {
    state.watchers += 1;
    const unwatch = watch(id, listener);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.watchers -= 1;
      unwatch();
    };
  };
  const get = records.get.bind(records);
  records.get = async (id: string) => {
    if (!state.slow) return get(id);
    await new Promise((resolve) => setTimeout(resolve, SLOW_READ_MS));
    const record = await get(id);
    state.slowReadsDone += 1;
    return record;
  };
  const pdf = await makeLabReportPdf(SAMPLE_ROWS);
  const { job } = await client.upload(pdf, { contentType: 'application/pdf' });
  await eventually(() => (gate.started > 0 ? true : undefined), 5000, 'extraction held');
  /** Starts a GET of the job's event stream; the answer (if any) comes through `response`. */
  const openRaw = () => {
    let req!: ClientRequest;
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req = request(`${t.url}/v1/jobs/${job.id}/events`, { headers: auth, agent: false }, resolve);
      req.on('error', reject);
      req.end();
    });
    return { req, response };
  };
  return { t, gate, auth, state, jobId: job.id, openRaw };
}

/** Reads a response to its end (or close); resolves with the text received. */
function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('close', () => resolve(text));
  });
}

describe('SSE frees everything when the client leaves during a slow first read (real socket)', () => {
  let app: Awaited<ReturnType<typeof slowStoreApp>>;
  before(async () => {
    app = await slowStoreApp();
  });
  after(async () => {
    app.gate.release();
    await app.t.stop();
  });

  test('5 clients that drop before the first read leave no watcher and no heartbeat', async () => {
    const timersBefore = timers();
    app.state.slow = true;
    const readsBefore = app.state.slowReadsDone;
    const opened = Array.from({ length: 5 }, () => app.openRaw());
    // Each stream subscribed and is now inside its slow first read.
    await eventually(() => (app.state.watchers === 5 ? true : undefined), 3000, 'subscribed');
    for (const { req, response } of opened) {
      response.catch(() => undefined);
      req.destroy();
    }
    // Every slow read finished, so each handler went on past its await.
    await eventually(
      () => (app.state.slowReadsDone >= readsBefore + 5 ? true : undefined),
      3000,
      'first reads done',
    );
    app.state.slow = false;
    await eventually(() => (app.state.watchers === 0 ? true : undefined), 1000, 'watchers freed');
    // A leaked heartbeat (an interval of 15 s) would stay well past this.
    await eventually(() => (timers() <= timersBefore ? true : undefined), 1000, 'no heartbeat');
  });

  test('a normal stream still works after those, and frees its watcher when dropped', async () => {
    const baseline = app.state.watchers;
    const stream = await openEventStream(`${app.t.url}/v1/jobs/${app.jobId}/events`, app.auth);
    assert.equal(stream.status, 200);
    const first = await stream.next();
    assert.equal(first?.event, 'status');
    assert.equal(app.state.watchers, baseline + 1);
    stream.close();
    await eventually(
      () => (app.state.watchers === baseline ? true : undefined),
      1000,
      'watcher freed',
    );
  });
});

describe('SSE on shutdown: open and half-open streams are all freed', () => {
  test('app.stop() ends every stream, frees its watcher and leaves no heartbeat running', async () => {
    const timersBefore = timers();
    const app = await slowStoreApp();
    try {
      // One stream fully open, one still inside its slow first read when the server stops.
      const open = await openEventStream(`${app.t.url}/v1/jobs/${app.jobId}/events`, app.auth);
      assert.equal((await open.next())?.event, 'status');
      app.state.slow = true;
      const pending = app.openRaw();
      await eventually(() => (app.state.watchers === 2 ? true : undefined), 3000, 'subscribed');
      const stopping = Date.now();
      await app.t.stop();
      // Not held for the keep-alive timeout (72 s) by connections the streams left open.
      assert.ok(Date.now() - stopping < 10_000, 'stop() not held by the streams');
      assert.equal(app.state.watchers, 0, 'every watcher freed by stop()');
      // The open stream ended; the pending one ended at once (EventSource would reconnect).
      assert.equal(await open.next(), undefined);
      const res = await pending.response;
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers.connection, 'close');
      assert.match(await readAll(res), /^retry: 3000\n\n$/);
      await eventually(() => (timers() <= timersBefore ? true : undefined), 1000, 'no timer left');
    } finally {
      app.gate.release();
      await app.t.stop();
    }
  });
});
