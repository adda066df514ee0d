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
    // Resumable (tus): a dropped connection resumes where it stopped, as the app does.
    const id = await client.uploadResumable(bytes, {
      onProgress: (sent, total) => {
        const percent = total === 0 ? 100 : Math.floor((sent * 100) / total);
        process.stderr.write(
          `\r${bar(percent)} uploading ${megabytes(sent)}/${megabytes(total)} MB   `,
        );
      },
    });
    process.stderr.write(`\njob ${id} queued\n`);
    const done = await client.waitUntilDone(id, ({ job: state }) => {
      const page =
        state.progress.pages === undefined
          ? ''
          : ` page ${state.progress.page ?? 0}/${state.progress.pages}`;
      process.stderr.write(
        `\r${bar(state.progress.percent)} ${state.status} ${state.progress.stage}${page}   `,
      );
    });
    process.stderr.write('\n');
    if (done.status !== 'succeeded') {
      process.stdout.write(`${JSON.stringify(done.error ?? { status: done.status }, null, 2)}\n`);
      await client.acknowledge(id);
      return 1;
    }
    process.stdout.write(renderText(await client.result(id)));
    const receipt = await client.acknowledge(id);
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

/** `[#####...............]  25%` */
function bar(percent: number): string {
  const filled = '#'.repeat(Math.round(percent / 5)).padEnd(20, '.');
  return `[${filled}] ${String(percent).padStart(3)}%`;
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}
