import { PGlite, type Transaction } from "@electric-sql/pglite";
import pg from "pg";

/** Every SQL statement a side sent to its database, counted and kept by text. */
export interface StatementRecorder {
  /** Statements sent so far (BEGIN, COMMIT and ROLLBACK included). */
  count(): number;
  /** How often each statement text was sent since `mark()` (or since the start). */
  texts(): Map<string, number>;
  /** Starts a new tally of texts (the count goes on). */
  mark(): void;
}

/**
 * Counts every statement that reaches the database, whoever sends it, by wrapping the
 * drivers both sides use: `pg`'s `Client.query` on PostgreSQL (Prisma's adapter and the
 * baseline's pool), and PGlite's `query`, `exec` and `transaction` (whose BEGIN and COMMIT
 * or ROLLBACK count as statements too, as they do on the server). Process-wide: a bench
 * worker runs one side only.
 */
export function recordStatements(): StatementRecorder {
  let total = 0;
  let byText = new Map<string, number>();
  const note = (sql: unknown) => {
    total += 1;
    const text =
      typeof sql === "string"
        ? sql
        : typeof sql === "object" && sql !== null && "text" in sql
          ? String((sql as { text: unknown }).text)
          : "(?)";
    const key = text.replace(/\s+/g, " ").trim();
    byText.set(key, (byText.get(key) ?? 0) + 1);
  };

  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const pgQuery = client.query;
  client.query = function countedQuery(this: unknown, ...args: unknown[]) {
    note(args[0]);
    return pgQuery.apply(this, args);
  };

  const lite = PGlite.prototype;
  const liteQuery = lite.query;
  const liteExec = lite.exec;
  const liteTransaction = lite.transaction;
  lite.query = function countedQuery(this: PGlite, ...args: Parameters<PGlite["query"]>) {
    note(args[0]);
    return liteQuery.apply(this, args) as ReturnType<PGlite["query"]>;
  } as PGlite["query"];
  lite.exec = function countedExec(this: PGlite, ...args: Parameters<PGlite["exec"]>) {
    note(args[0]);
    return liteExec.apply(this, args);
  };
  lite.transaction = function countedTransaction<T>(
    this: PGlite,
    callback: (tx: Transaction) => Promise<T>,
  ): Promise<T> {
    note("BEGIN");
    let rolledBack = false;
    return liteTransaction
      .call(this, (tx: Transaction) => {
        const counted: Transaction = {
          get closed() {
            return tx.closed;
          },
          query: ((sql: string, ...rest: unknown[]) => {
            note(sql);
            return (tx.query as (...args: unknown[]) => unknown)(sql, ...rest);
          }) as Transaction["query"],
          sql: tx.sql,
          exec: (sql, options) => {
            note(sql);
            return tx.exec(sql, options);
          },
          rollback: () => {
            note("ROLLBACK");
            rolledBack = true;
            return tx.rollback();
          },
          listen: tx.listen,
        };
        return callback(counted);
      })
      .then(
        (result) => {
          if (!rolledBack) note("COMMIT");
          return result as T;
        },
        (error: unknown) => {
          if (!rolledBack) note("ROLLBACK");
          throw error;
        },
      );
  } as PGlite["transaction"];

  return {
    count: () => total,
    texts: () => byText,
    mark() {
      byText = new Map();
    },
  };
}
