import { readFile } from 'node:fs/promises';
import { ApiProblemError, SerenyaClient } from '../client/serenya-client.js';
import { renderText } from './render-text.js';

/** `serenya submit <file> --url U --token T`: upload, follow progress, print, acknowledge. */
export async function submitCommand(
  file: string | undefined,
  url: string | undefined,
  token: string | undefined,
): Promise<number> {
  if (file === undefined || url === undefined || token === undefined) {
    process.stderr.write('Usage: serenya submit <file> --url URL --token TOKEN\n');
    return 2;
  }
  const bytes = await readFile(file).catch(() => undefined);
  if (bytes === undefined) {
    process.stderr.write('serenya submit: the file cannot be read\n');
    return 2;
  }
  const client = new SerenyaClient({ baseUrl: url, token });
  try {
    const { job } = await client.upload(bytes);
    process.stderr.write(`job ${job.id} queued\n`);
    const done = await client.waitUntilDone(job.id, ({ job: state }) => {
      const page =
        state.progress.pages === undefined
          ? ''
          : ` page ${state.progress.page ?? 0}/${state.progress.pages}`;
      const bar = '#'.repeat(Math.round(state.progress.percent / 5)).padEnd(20, '.');
      process.stderr.write(
        `\r[${bar}] ${String(state.progress.percent).padStart(3)}% ${state.status} ${state.progress.stage}${page}   `,
      );
    });
    process.stderr.write('\n');
    if (done.status !== 'succeeded') {
      process.stdout.write(`${JSON.stringify(done.error ?? { status: done.status }, null, 2)}\n`);
      await client.acknowledge(job.id);
      return 1;
    }
    process.stdout.write(renderText(await client.result(job.id)));
    const receipt = await client.acknowledge(job.id);
    process.stderr.write(`acknowledged; deleted at ${receipt.deletedAt}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ApiProblemError) {
      process.stdout.write(`${JSON.stringify(error.problem, null, 2)}\n`);
      return 1;
    }
    throw error;
  }
}
