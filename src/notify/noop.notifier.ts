import type { JobCompletion, JobNotifier } from './notifier.port.js';

/** The notifier when no webhook is configured: nobody is told. */
export class NoopNotifier implements JobNotifier {
  notify(_completion: JobCompletion): void {
    // Nothing to deliver.
  }

  async close(_timeoutMs: number): Promise<void> {
    // Nothing pending.
  }
}
