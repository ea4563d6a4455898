import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "../generated/prisma/client.js";
import { lockDataDir } from "./data-dir-lock.js";
import type { DatabaseTarget } from "./database-target.js";
import { applyPendingMigrations } from "./migrations/apply-migrations.js";
import { PostgresAdapterFactory } from "./postgres-adapter-factory.js";

export type { PrismaClient } from "../generated/prisma/client.js";

/** An open database: the Prisma client plus what the migrator needs. */
export interface Database {
  readonly target: DatabaseTarget;
  readonly prisma: PrismaClient;
  /** The factory the schema engine migrates through. */
  readonly adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  target: DatabaseTarget;
  /** Apply pending migrations before the client is used (default true). */
  migrate?: boolean;
  /** Reuse an already-open PGlite (tests share one instance). */
  pglite?: PGlite;
  /** Called with the names of migrations applied on open. */
  onMigrated?: (applied: string[]) => void;
}

/**
 * Opens the database, applies pending migrations (unless told not to), and returns a
 * Prisma client bound to it. Close it: an open PGlite keeps the process alive.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { target } = options;
  let pglite: PGlite | undefined;
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  let unlock = () => {};
  if (target.kind === "pglite") {
    if (!options.pglite && !target.dataDir.startsWith("memory://")) {
      mkdirSync(target.dataDir, { recursive: true });
      unlock = lockDataDir(target.dataDir);
    }
    try {
      // Loaded only for the embedded database: PGlite costs ~0.4 s to import.
      const { createPGlite, PGliteAdapterFactory } = await import("./pglite-adapter-factory.js");
      pglite = options.pglite ?? (await createPGlite(target.dataDir));
      adapterFactory = new PGliteAdapterFactory(pglite);
    } catch (error: unknown) {
      unlock();
      throw error;
    }
  } else {
    adapterFactory = new PostgresAdapterFactory(target.url);
  }
  const ownsPGlite = pglite !== undefined && options.pglite === undefined;
  try {
    if (options.migrate !== false) {
      const applied = await applyPendingMigrations({ adapterFactory });
      options.onMigrated?.(applied);
    }
  } catch (error: unknown) {
    if (ownsPGlite) await pglite?.close();
    unlock();
    throw error;
  }
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    target,
    prisma,
    adapterFactory,
    async close() {
      await prisma.$disconnect();
      if (ownsPGlite) await pglite?.close();
      unlock();
    },
  };
}
