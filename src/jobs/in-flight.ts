/** Work on an upload that a purge must stop. */
interface Entry {
  readonly controller: AbortController;
  readonly counted: boolean;
}

/** A registration from `InFlightUploads.track`. */
export interface Tracked {
  /** Aborted when the owner's data is purged. */
  readonly signal: AbortSignal;
  /** Other counted uploads of the owner in flight now. */
  others(): number;
  release(): void;
}

/**
 * Uploads in flight in this process, per owner: bytes streaming in, a resumable upload starting
 * or completing. A purge aborts them all; `counted` ones are jobs about to exist and count
 * against the owner's limit of jobs in progress until released.
 */
export class InFlightUploads {
  readonly #byOwner = new Map<string, Set<Entry>>();

  track(owner: string, counted: boolean): Tracked {
    const entry: Entry = { controller: new AbortController(), counted };
    const set = this.#byOwner.get(owner) ?? new Set();
    this.#byOwner.set(owner, set.add(entry));
    return {
      signal: entry.controller.signal,
      others: () => [...set].filter((other) => other !== entry && other.counted).length,
      release: () => {
        set.delete(entry);
        if (set.size === 0 && this.#byOwner.get(owner) === set) this.#byOwner.delete(owner);
      },
    };
  }

  /** Aborts everything of `owner` in flight. */
  abort(owner: string): void {
    for (const entry of this.#byOwner.get(owner) ?? []) entry.controller.abort();
  }
}
