// Bytes on the wire for a mobile client: a typical result (the sample lab panel, through the real
// app on a real socket) as identity JSON, gzip, br and compact+br, FHIR identity against br, and
// what revalidating costs (304). Printed as ratios to the identity answer measured in the same run;
// then brotli qualities and gzip on the same bodies, behind the server's choice of brotli quality 5.
//
//   npm run bench:mobile-bytes
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { SerenyaClient } from '../src/client/serenya-client.js';
import { SAMPLE_ROWS, makeLabReportPdf } from '../test/helpers/documents.js';
import { rawGet, type RawResponse } from '../test/helpers/raw-http.js';
import { startTestApp } from '../test/helpers/test-app.js';

const REPEAT = 200;

const t = await startTestApp({ SERENYA_LOG_LEVEL: 'warn' });
try {
  const token = await t.token('bench-user');
  const auth = { authorization: `Bearer ${token}` };
  const client = new SerenyaClient({ baseUrl: t.url, token });
  const { job } = await client.upload(await makeLabReportPdf(SAMPLE_ROWS), {
    contentType: 'application/pdf',
  });
  await client.waitUntilDone(job.id);
  const url = `${t.url}/v1/jobs/${job.id}`;
  const get = (suffix: string, headers: Record<string, string> = {}) =>
    rawGet(`${url}${suffix}`, { ...auth, ...headers });

  const rows: [string, RawResponse][] = [
    ['result, identity', await get('/result')],
    ['result, gzip', await get('/result', { 'accept-encoding': 'gzip' })],
    ['result, br', await get('/result', { 'accept-encoding': 'br' })],
    ['result compact, identity', await get('/result?shape=compact')],
    ['result compact, br', await get('/result?shape=compact', { 'accept-encoding': 'br' })],
    ['FHIR, identity', await get('/result?format=fhir')],
    ['FHIR, br', await get('/result?format=fhir', { 'accept-encoding': 'br' })],
  ];
  const etag = rows[2]![1].headers.etag ?? '';
  rows.push(['result, 304 revalidation', await get('/result', { 'if-none-match': etag })]);
  const view = await get('');
  rows.push(['job view, 200', view]);
  rows.push(['job view, 304', await get('', { 'if-none-match': view.headers.etag ?? '' })]);

  const base = (label: string) =>
    label.startsWith('FHIR') ? rows[5]![1] : label.startsWith('job view') ? view : rows[0]![1];
  console.log('answer                       body B   wire B   body/identity  wire/identity');
  for (const [label, response] of rows) {
    const reference = base(label);
    console.log(
      `${label.padEnd(28)} ${String(response.body.length).padStart(6)} ${String(response.wireBytes).padStart(8)}   ${(response.body.length / reference.body.length).toFixed(3).padStart(12)}  ${(response.wireBytes / reference.wireBytes).toFixed(3).padStart(13)}`,
    );
  }

  // Compression settings on the same identity bodies: size against CPU time per answer.
  for (const [name, body] of [
    ['result', rows[0]![1].body],
    ['FHIR', rows[5]![1].body],
  ] as const)
    compareSettings(name, body);
  await client.acknowledge(job.id);
} finally {
  await t.stop();
}

function compareSettings(name: string, body: Buffer): void {
  const time = (compress: () => Buffer) => {
    const started = performance.now();
    let size = 0;
    for (let i = 0; i < REPEAT; i++) size = compress().length;
    return { size, ms: (performance.now() - started) / REPEAT };
  };
  const brotli = (quality: number) => () =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    });
  const settings: [string, () => Buffer][] = [
    ['gzip (level 6)', () => gzipSync(body)],
    ...[1, 4, 5, 6, 9, 11].map((q): [string, () => Buffer] => [`br q${q}`, brotli(q)]),
  ];
  const reference = time(settings[0]![1]);
  console.log(`\n${name}: ${body.length} B identity; ratios to gzip level 6 in the same run`);
  console.log('setting          bytes  size/gzip  time/gzip  µs/answer');
  for (const [label, compress] of settings) {
    const { size, ms } = time(compress);
    console.log(
      `${label.padEnd(15)} ${String(size).padStart(6)}  ${(size / reference.size).toFixed(3).padStart(9)}  ${(ms / reference.ms).toFixed(2).padStart(9)}  ${(ms * 1000).toFixed(0).padStart(9)}`,
    );
  }
}
