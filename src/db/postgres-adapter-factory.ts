import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

/**
 * Prisma driver adapter factory for a PostgreSQL server.
 *
 * `@prisma/adapter-pg` creates its shadow database but then connects with the original
 * `connectionString`, which wins over the database name it passes: the migrations would be
 * replayed on the real database. This factory points the shadow connection at the shadow
 * database by rewriting the URL.
 */
export class PostgresAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "duban-pg";
  private readonly main: PrismaPg;

  constructor(private readonly url: string) {
    this.main = new PrismaPg({ connectionString: url, max: 10 });
  }

  async connect(): Promise<SqlDriverAdapter> {
    return withCharColumnsAsText(await this.main.connect());
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = await new PrismaPg({ connectionString: this.url, max: 1 }).connect();
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadowUrl = new URL(this.url);
    shadowUrl.pathname = `/${name}`;
    const shadow = withCharColumnsAsText(
      await new PrismaPg({ connectionString: shadowUrl.toString(), max: 1 }).connect(),
    );
    const disposeShadow = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadow();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.dispose();
    };
    return shadow;
  }
}

/** PostgreSQL's internal one-byte `"char"` type, and `text`. */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface PgResultLike {
  fields: { dataTypeID: number }[];
}
interface PgQueryableInternals {
  performIO(query: unknown): Promise<PgResultLike>;
}

/**
 * The schema engine reads catalog columns of type `"char"` (`pg_class.relkind`, …), which
 * `@prisma/adapter-pg` refuses to map ("Column type 'char' could not be deserialized").
 * node-postgres already returns them as strings, so they are declared text. Applied to
 * the connection and to every transaction it starts.
 */
function withCharColumnsAsText<T extends object>(queryable: T): T {
  const internals = queryable as unknown as PgQueryableInternals;
  const performIO = internals.performIO.bind(queryable);
  internals.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result.fields) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  const adapter = queryable as unknown as Partial<SqlDriverAdapter>;
  const startTransaction = adapter.startTransaction?.bind(queryable);
  if (startTransaction) {
    adapter.startTransaction = async (isolationLevel) =>
      withCharColumnsAsText(await startTransaction(isolationLevel));
  }
  return queryable;
}
