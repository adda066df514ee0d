import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../observability/logger.js';

/** Where Redis is: a URL (with optional ioredis options) or ioredis options. */
export type RedisConnection = RedisOptions & { readonly url?: string };

/** Cancels broadcast over pub/sub to every queue instance, which aborts its own run of the job. */
export class CancelChannel {
  /** Resolves once this instance hears cancels (it never rejects; failures are logged). */
  readonly listening: Promise<void>;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #channel: string;

  constructor(options: {
    connection: RedisConnection;
    channel: string;
    logger: Logger;
    onCancel: (jobId: string) => void;
  }) {
    const { url, ...given } = options.connection;
    const redisOptions = { ...given, enableOfflineQueue: false }; // a cancel fails fast too
    this.#publisher = url === undefined ? new Redis(redisOptions) : new Redis(url, redisOptions);
    this.#subscriber = this.#publisher.duplicate({ enableOfflineQueue: true });
    this.#channel = options.channel;
    for (const redis of [this.#publisher, this.#subscriber])
      redis.on('error', (error: unknown) => options.logger.warn({ err: error }, 'cancel channel'));
    this.#subscriber.on('message', (channel: string, jobId: string) => {
      if (channel === this.#channel) options.onCancel(jobId);
    });
    this.listening = this.#subscriber.subscribe(this.#channel).then(
      () => undefined,
      (error: unknown) => options.logger.error({ err: error }, 'cancel channel unavailable'),
    );
  }

  async publish(jobId: string): Promise<void> {
    await this.#publisher.publish(this.#channel, jobId);
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
    await this.#publisher.quit().catch(() => this.#publisher.disconnect());
  }
}
