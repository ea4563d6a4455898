import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

/** The embedded data directory is open in another running duban process. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`${dataDir} is in use by process ${pid}`);
    this.name = "DataDirInUseError";
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error: unknown) {
    // EPERM: it exists but belongs to someone else; still running.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock file of an embedded data directory. PGlite is a single-process database:
 * a second process opening the same files (an admin's CLI next to the running bot) could
 * corrupt them. A lock left by a process that died (kill -9) is taken over.
 *
 * @returns a function that releases the lock
 * @throws DataDirInUseError when a live process holds it
 */
export function lockDataDir(dataDir: string): () => void {
  const path = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(
        fd,
        JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
      );
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(path);
      if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
        throw new DataDirInUseError(dataDir, holder);
      }
      unlinkSync(path); // stale: its process is gone
    }
  }
  throw new Error(`could not take the lock ${path}`);
}

/** The live process, other than this one, that holds the data directory's lock; if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  const holder = readHolder(`${dataDir}.lock`);
  return holder !== undefined && holder !== process.pid && isRunning(holder) ? holder : undefined;
}

function readHolder(path: string): number | undefined {
  try {
    const { pid } = JSON.parse(readFileSync(path, "utf8")) as { pid?: unknown };
    return typeof pid === "number" ? pid : undefined;
  } catch {
    return undefined;
  }
}
