import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { applyPendingMigrations } from "../../src/db/migrations/apply-migrations.js";
import {
  DEFAULT_MIGRATION_PATHS,
  readMigrationList,
} from "../../src/db/migrations/migration-files.js";
import { PGliteAdapterFactory } from "../../src/db/pglite-adapter-factory.js";
import { createScratchDatabase } from "../../tests/support/scratch-postgres.js";

export {
  POSTGRES_ADMIN_URL as ADMIN_URL,
  postgresUnreachable,
} from "../../tests/support/scratch-postgres.js";

/** Where a PGlite run keeps its data: a fresh temporary directory (default), or memory. */
export type PgliteStorage = "dir" | "memory";

/** The database one run uses; every run gets a fresh one. */
export type RunDatabase =
  | { kind: "pglite"; template: string; storage: PgliteStorage }
  | { kind: "postgres"; url: string };

/**
 * A migrated, empty PGlite data directory as a tarball, built once per set of migrations and
 * kept in the temp dir: initialising PGlite costs seconds, loading a dump much less.
 */
export async function pgliteTemplate(): Promise<string> {
  const migrations = JSON.stringify(
    readMigrationList(DEFAULT_MIGRATION_PATHS).migrationDirectories,
  );
  const digest = createHash("sha256").update(migrations).digest("hex").slice(0, 16);
  const dir = join(tmpdir(), "duban-bench-templates");
  const file = join(dir, `pglite-${digest}.tar.gz`);
  if (existsSync(file)) return file;
  const pglite = new PGlite();
  await pglite.waitReady;
  try {
    await applyPendingMigrations({ adapterFactory: new PGliteAdapterFactory(pglite) });
    const dump = await pglite.dumpDataDir("gzip");
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await pglite.close();
  }
  return file;
}

/** A PGlite loaded from the template, in a new temp directory or in memory. */
export async function openTemplatePglite(
  template: string,
  storage: PgliteStorage,
): Promise<{ pglite: PGlite; dataDir: string; close(): Promise<void> }> {
  const loadDataDir = new Blob([readFileSync(template)]);
  const dataDir =
    storage === "memory" ? "memory://" : mkdtempSync(join(tmpdir(), "duban-bench-inbound-"));
  const pglite = new PGlite(dataDir, { loadDataDir });
  await pglite.waitReady;
  return {
    pglite,
    dataDir,
    async close() {
      await pglite.close();
      if (storage === "dir") rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the server, named uniquely; `drop` removes it whatever happened. */
export function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createScratchDatabase("duban_bench_inbound");
}

/** Plain SQL, as the baseline uses it: `$1` parameters, rows as objects. */
export interface SqlClient {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` in one transaction (BEGIN … COMMIT, ROLLBACK on error). */
  transaction<T>(work: (query: SqlClient["query"]) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The baseline's SQL on an embedded PGlite. */
export function pgliteSql(pglite: PGlite): SqlClient {
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pglite.query<T>(sql, params)).rows;
    },
    transaction(work) {
      return pglite.transaction((tx) =>
        work(
          async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows,
        ),
      );
    },
    async close() {},
  };
}

/** The baseline's SQL on the server: a `pg` pool of 10, as Prisma's adapter uses. */
export function postgresSql(url: string): SqlClient {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(
          async <T>(sql: string, params: unknown[] = []) =>
            (await client.query(sql, params)).rows as T[],
        );
        await client.query("COMMIT");
        return result;
      } catch (error: unknown) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
