// s3rver in a process of its own (benchmarks: S3 must not share the measuring process's CPU).
// Prints one JSON line {endpoint, bucket} once it listens; stops on SIGTERM.
import { startS3 } from './s3-server.js';

const server = await startS3();
process.stdout.write(`${JSON.stringify({ endpoint: server.endpoint, bucket: server.bucket })}\n`);
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
