import { resolve } from "node:path";

/** Where the data lives: an embedded PGlite directory, or a PostgreSQL server. */
export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

/**
 * The target named by the environment: `DATABASE_URL` (postgres://…) selects a server,
 * otherwise embedded PGlite in `DATA_DIR` (default `./data`). `memory://` keeps it in memory.
 */
export function databaseTargetFrom(env: {
  DATABASE_URL?: string | undefined;
  DATA_DIR?: string | undefined;
}): DatabaseTarget {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  const dir = env.DATA_DIR ?? "./data";
  return { kind: "pglite", dataDir: dir.startsWith("memory://") ? dir : resolve(dir, "pglite") };
}

/** A description safe for logs: no password. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `PGlite ${target.dataDir}`;
  try {
    const url = new URL(target.url);
    url.password = url.password ? "***" : "";
    return `PostgreSQL ${url.toString()}`;
  } catch {
    return "PostgreSQL (unparsable URL)";
  }
}
