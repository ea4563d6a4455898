import { PGlite } from "@electric-sql/pglite";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

/**
 * Settings PGlite's PostgreSQL starts with, after PGlite's own defaults (which a given
 * `startParams` replaces, so they are repeated). Each is measured by `npm run bench:startup`.
 */
export function pgliteStartParams(): string[] {
  return [
    ...PGlite.defaultStartParams,
    // PostgreSQL's default 128MB of shared buffers sits in the wasm heap and is resident from
    // the start (~110 MB RSS); duban's database is a few MB, and PGlite reads its files
    // through the OS page cache, so 16MB holds the working set.
    "-c",
    "shared_buffers=16MB",
  ];
}

/** Opens (or creates) the embedded database in `dataDir` with duban's settings. */
export async function createPGlite(dataDir?: string): Promise<PGlite> {
  const pglite = new PGlite(dataDir, { startParams: pgliteStartParams() });
  await pglite.waitReady;
  return pglite;
}

/**
 * Prisma driver adapter factory for an embedded PGlite database.
 *
 * Wraps `pglite-prisma-adapter` to fix two things the migrator depends on:
 * its `executeScript` does not await PGlite's `exec` (a failing migration would be
 * reported as applied and crash the process with an unhandled rejection), and its shadow
 * database is never closed.
 */
export class PGliteAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "duban-pglite";

  constructor(private readonly client: PGlite) {}

  async connect(): Promise<SqlDriverAdapter> {
    return withAwaitedScripts(await connectPGlite(this.client), this.client);
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const shadow = await createPGlite();
    const adapter = withAwaitedScripts(await connectPGlite(shadow), shadow);
    adapter.dispose = () => shadow.close();
    return adapter;
  }
}

async function connectPGlite(client: PGlite): Promise<SqlDriverAdapter> {
  // The package is built against an older @prisma/driver-adapter-utils; the interface is the same.
  const factory = new PrismaPGlite(client) as unknown as { connect(): Promise<SqlDriverAdapter> };
  return factory.connect();
}

function withAwaitedScripts(adapter: SqlDriverAdapter, client: PGlite): SqlDriverAdapter {
  const queryableError = adapter as unknown as { onError(error: unknown): never };
  adapter.executeScript = async (script: string) => {
    try {
      await client.exec(script);
    } catch (error: unknown) {
      queryableError.onError(error);
    }
  };
  return adapter;
}
