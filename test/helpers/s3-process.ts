import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** An S3-compatible server (s3rver) running in a child process. */
export interface S3Process {
  readonly endpoint: string;
  readonly bucket: string;
  stop(): Promise<void>;
}

/** Starts `s3-server.main.ts` in a child process and resolves once it listens. */
export async function startS3Process(): Promise<S3Process> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./s3-server.main.ts', import.meta.url).pathname],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('s3rver process exited before listening');
    }),
  ])) as [string];
  lines.close();
  const { endpoint, bucket } = JSON.parse(first) as { endpoint: string; bucket: string };
  return {
    endpoint,
    bucket,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
