import { chmod, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const LOCK = '.serenya.lock';

/** The directory cannot be used safely: shared, foreign, or taken by another process. */
export class StoreDirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreDirectoryError';
  }
}

/**
 * Takes the store directory for this process alone. In the embedded mode a process deletes
 * every object it finds at start-up and at shutdown, so two processes on one directory would
 * delete each other's work; and a directory another user owns could be watched or tampered
 * with. Returns the release function.
 */
export async function lockStoreDirectory(root: string): Promise<() => Promise<void>> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const info = await stat(root);
  if (!info.isDirectory()) throw new StoreDirectoryError('SERENYA_TMP_DIR is not a directory');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    throw new StoreDirectoryError(
      'SERENYA_TMP_DIR belongs to another user; give the service its own directory',
    );
  // Ours but readable by others (made by hand, say): close it.
  if ((info.mode & 0o077) !== 0) await chmod(root, 0o700);

  const path = join(root, LOCK);
  // pid and a random token: the pid says whether the holder lives, the token whose lock it is
  // (a second app in the same process has the same pid).
  const mine = `${process.pid} ${randomUUID()}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(mine);
      await handle.close();
      return async () => {
        const current = await readFile(path, 'utf8').catch(() => '');
        if (current === mine) await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).split(' ')[0]);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder))
        throw new StoreDirectoryError(
          `another serenya process (pid ${holder}) uses SERENYA_TMP_DIR; give each process its own directory, or remove ${LOCK} if that process is not serenya`,
        );
      await unlink(path).catch(() => undefined); // left by a process that is gone
    }
  }
  throw new StoreDirectoryError('could not lock SERENYA_TMP_DIR');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}
