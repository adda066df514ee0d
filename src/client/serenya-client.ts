import type { Static } from 'typebox';
import type { AnalysisResult } from '../domain/result.js';
import type { Problem } from '../http/problem.js';
import type { DeletionReceiptSchema, JobView, PurgeReceiptSchema } from '../http/schemas.js';
import { uploadResumable, type ResumableOptions } from './resumable-upload.js';
import { parseSseBlock } from './sse.js';

export type { AnalysisResult, JobView, Problem, ResumableOptions };
export type DeletionReceipt = Static<typeof DeletionReceiptSchema>;
export type PurgeReceipt = Static<typeof PurgeReceiptSchema>;

/** A problem+json answer, as an Error the caller can switch on by `problem.code`. */
export class ApiProblemError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(`${problem.code}: ${problem.detail}`);
    this.name = 'ApiProblemError';
    this.problem = problem;
  }
}

export interface JobEvent {
  readonly id: string | undefined;
  readonly event: string;
  readonly job: JobView;
}

export interface UploadOptions {
  readonly contentType?: string;
  readonly idempotencyKey?: string;
  /** `Prefer: wait=N`: wait up to N seconds for the result. */
  readonly waitSeconds?: number;
}

/** Typed client for the HTTP API (fetch-based; Node 22+ or a browser). */
export class SerenyaClient {
  readonly #base: string;
  readonly #token: string;

  constructor(options: { baseUrl: string; token: string }) {
    this.#base = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
  }

  /** Uploads a document; the result is present when it was ready within `waitSeconds`. */
  async upload(
    body: Uint8Array | Blob,
    options: UploadOptions = {},
  ): Promise<{ status: number; job: JobView; result?: AnalysisResult }> {
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/octet-stream',
    };
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    if (options.waitSeconds !== undefined) headers.prefer = `wait=${options.waitSeconds}`;
    const response = await this.#fetch('/v1/documents', { method: 'POST', headers, body });
    const json = (await response.json()) as { job: JobView; result?: AnalysisResult };
    return { status: response.status, ...json };
  }

  /**
   * Uploads with tus (resumable, in chunks; see `ResumableOptions`); resolves with the job id
   * once the last byte is in and the job exists.
   */
  async uploadResumable(bytes: Uint8Array, options: ResumableOptions = {}): Promise<string> {
    try {
      return await uploadResumable(this.#base, this.#token, bytes, options);
    } catch (error) {
      const problem = (error as { problem?: Problem }).problem;
      if (problem !== undefined) throw new ApiProblemError(problem);
      throw error;
    }
  }

  /** The job's status and progress. */
  async job(id: string): Promise<JobView> {
    return (await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}`)).json() as Promise<JobView>;
  }

  /** The result; repeatable until acknowledged. */
  async result(id: string): Promise<AnalysisResult> {
    const response = await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}/result`);
    return response.json() as Promise<AnalysisResult>;
  }

  /** Acknowledges (or cancels) a job: everything of it is deleted. */
  async acknowledge(id: string): Promise<DeletionReceipt> {
    const response = await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return response.json() as Promise<DeletionReceipt>;
  }

  /** Deletes all of the caller's data. */
  async purge(): Promise<PurgeReceipt> {
    return (await this.#fetch('/v1/me/data', { method: 'DELETE' })).json() as Promise<PurgeReceipt>;
  }

  /** Server-Sent Events of the job until it is terminal (or `signal` aborts). */
  async *events(id: string, signal?: AbortSignal): AsyncGenerator<JobEvent> {
    const response = await this.#fetch(`/v1/jobs/${encodeURIComponent(id)}/events`, {
      headers: { accept: 'text/event-stream' },
      ...(signal === undefined ? {} : { signal }),
    });
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event !== undefined) yield event;
      }
    }
  }

  /** Follows the job's events until it is terminal; resolves with the last state. */
  async waitUntilDone(id: string, onEvent?: (event: JobEvent) => void): Promise<JobView> {
    let last: JobView | undefined;
    for await (const event of this.events(id)) {
      onEvent?.(event);
      last = event.job;
    }
    return last ?? this.job(id);
  }

  async #fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${this.#token}`);
    const response = await fetch(this.#base + path, { ...init, headers });
    if (response.ok) return response;
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('problem+json'))
      throw new ApiProblemError((await response.json()) as Problem);
    throw new Error(`unexpected HTTP ${response.status}`);
  }
}

function parseEvent(block: string): JobEvent | undefined {
  const event = parseSseBlock(block);
  if (event === undefined) return undefined;
  return { id: event.id, event: event.event, job: JSON.parse(event.data) as JobView };
}
