import { PGlite } from "@electric-sql/pglite";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

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
    const shadow = new PGlite();
    await shadow.waitReady;
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
