import { constants } from 'node:fs';
import {
  access,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  ObjectMissingError,
  assertValidRef,
  isValidJobId,
  isValidKind,
  isValidOwner,
  type ObjectRef,
  type StoredObject,
  type TempStore,
} from './store.port.js';

const PART = '.part';
const FILE_NAME = /^([0-9a-f-]{36})\.(input|result|chunk-\d{1,3}-[0-9a-f]{8})(\.part)?$/;

/**
 * Local-disk store: one 0700 directory per owner (named by the keyed hash) under the root,
 * files 0600. Writes go to `<name>.part` and are renamed when complete.
 */
export class FsStore implements TempStore {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async put(ref: ObjectRef, body: Readable, signal?: AbortSignal): Promise<{ bytes: number }> {
    const final = join(this.#root, ref.owner, fileName(ref));
    const part = final + PART;
    // Not even an empty owner directory for a write that was stopped before it began.
    signal?.throwIfAborted();
    const handle = await this.#create(ref.owner, part);
    let bytes = 0;
    try {
      const count = async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          yield chunk;
        }
      };
      await pipeline(body, count, handle.createWriteStream(), signal ? { signal } : {});
      await rename(part, final);
      return { bytes };
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(part).catch(() => undefined);
      throw error;
    }
  }

  async get(ref: ObjectRef, signal?: AbortSignal): Promise<Readable> {
    assertValidRef(ref);
    try {
      const handle = await open(join(this.#root, ref.owner, fileName(ref)), 'r');
      return handle.createReadStream(signal ? { signal } : {});
    } catch (error) {
      if (isNotFound(error)) throw new ObjectMissingError();
      throw error;
    }
  }

  async delete(ref: ObjectRef): Promise<boolean> {
    assertValidRef(ref);
    const final = join(this.#root, ref.owner, fileName(ref));
    const results = await Promise.all([removeFile(final), removeFile(final + PART)]);
    // The owner's directory goes with their last object, so no trace of the user lingers.
    await rmdirIfEmpty(join(this.#root, ref.owner));
    return results.some(Boolean);
  }

  async deleteOwner(owner: string): Promise<number> {
    if (!isValidOwner(owner)) throw new Error('invalid owner');
    const dir = join(this.#root, owner);
    const names = await readdir(dir).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
    await rm(dir, { recursive: true, force: true });
    // One object may have both a final file and a crash-left partial one: count objects.
    const objects = new Set(
      names.filter((name) => FILE_NAME.test(name)).map((name) => name.replace(PART, '')),
    );
    return objects.size;
  }

  async *list(signal?: AbortSignal): AsyncIterable<StoredObject> {
    const owners = await readdir(this.#root).catch((error: unknown) => {
      if (isNotFound(error)) return [];
      throw error;
    });
    for (const owner of owners) {
      signal?.throwIfAborted();
      if (!isValidOwner(owner)) continue; // never touch what is not ours
      const dir = join(this.#root, owner);
      const names = await readdir(dir).catch(() => []);
      for (const name of names) {
        const match = FILE_NAME.exec(name);
        const kind = match?.[2] ?? '';
        if (match?.[1] === undefined || !isValidJobId(match[1]) || !isValidKind(kind)) continue;
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (info === undefined) continue; // deleted meanwhile
        yield {
          ref: { owner, jobId: match[1], kind },
          bytes: info.size,
          modifiedAt: info.mtimeMs,
          partial: match[3] !== undefined,
        };
      }
      // Remove owner directories left empty, so no trace of a user outlives their objects.
      await rmdirIfEmpty(dir);
    }
  }

  async ping(): Promise<void> {
    await mkdir(this.#root, { recursive: true, mode: 0o700 });
    await access(this.#root, constants.R_OK | constants.W_OK);
  }

  /** Creates the file exclusively, 0600, in a 0700 owner directory made on demand. */
  async #create(owner: string, path: string): Promise<FileHandle> {
    if (!isValidOwner(owner)) throw new Error('invalid owner');
    for (let attempt = 1; ; attempt++) {
      try {
        await mkdir(join(this.#root, owner), { recursive: true, mode: 0o700 });
        return await open(path, 'wx', 0o600);
      } catch (error) {
        // A concurrent delete of this owner's last object removes the (then empty) owner
        // directory; that can land inside mkdir itself or between mkdir and open. Each retry
        // follows a fresh removal, so a few attempts are enough.
        if (!isNotFound(error) || attempt >= CREATE_ATTEMPTS) throw error;
      }
    }
  }
}

const CREATE_ATTEMPTS = 5;

function fileName(ref: ObjectRef): string {
  assertValidRef(ref);
  return `${ref.jobId}.${ref.kind}`;
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: string }).code === 'ENOENT';
}

async function removeFile(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/** rmdir refuses a non-empty directory (ENOTEMPTY), which is exactly the check we want. */
async function rmdirIfEmpty(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}
