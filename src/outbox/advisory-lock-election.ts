import { createHash } from "node:crypto";
import pg from "pg";
import type { Logger } from "../logger.js";
import type { DispatcherElection } from "./dispatcher-election.js";

const CHANNEL = "duban_outbox";

/**
 * Leader election on a PostgreSQL server: the leader of a role holds a session-level
 * advisory lock on a connection of its own (not the pool, which would hand the session to
 * others). PostgreSQL releases the lock when that session ends, so a crashed or cut-off
 * leader is succeeded by the next instance that asks. While leading, the connection is
 * checked every `heartbeatMs` (a failed or hung check drops it and the lead with it) and
 * it listens for signals of other instances, so a message queued on a standby is sent at
 * once rather than at the leader's next sweep.
 *
 * Needs a direct connection or a session-mode pooler: a transaction-mode pooler (pgbouncer)
 * would let the lock stay behind on a session the leader no longer uses.
 *
 * @example
 * const election = createAdvisoryLockElection({ connectionString: url, logger });
 * if (await election.tryLead("outbox:telegram")) …
 */
export function createAdvisoryLockElection(options: {
  connectionString: string;
  logger: Logger;
  /** How often the lock's connection is checked while leading (default 2 s). */
  heartbeatMs?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
}): DispatcherElection {
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const leading = new Set<string>();
  const lostListeners: ((role: string) => void)[] = [];
  const signalListeners: ((role: string) => void)[] = [];
  let current: Promise<pg.Client> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let closed = false;

  const drop = (client: Promise<pg.Client>, error?: unknown) => {
    if (current !== client) return;
    current = undefined;
    clearInterval(heartbeat);
    heartbeat = undefined;
    const lost = [...leading];
    leading.clear();
    if (error !== undefined || lost.length > 0) {
      options.logger.warn({ err: error, lost }, "outbox election connection dropped");
    }
    client.then((c) => c.end()).catch(() => {});
    for (const role of lost) for (const listener of lostListeners) listener(role);
  };

  const connection = (): Promise<pg.Client> => {
    if (current) return current;
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: options.applicationName ?? "duban-outbox-election",
      keepAlive: true,
      connectionTimeoutMillis: 5000,
      query_timeout: Math.max(heartbeatMs * 2, 5000),
    });
    const opened = (async () => {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return client;
    })();
    current = opened;
    client.on("error", (error: unknown) => drop(opened, error));
    client.on("end", () => drop(opened));
    client.on("notification", (message) => {
      const role = message.payload ?? "";
      if (!leading.has(role)) return;
      for (const listener of signalListeners) listener(role);
    });
    opened.catch((error: unknown) => drop(opened, error));
    return opened;
  };

  const startHeartbeat = () => {
    if (heartbeat) return;
    heartbeat = setInterval(() => {
      const client = current;
      if (!client || leading.size === 0) return;
      client.then((c) => c.query("SELECT 1")).catch((error: unknown) => drop(client, error));
    }, heartbeatMs);
    heartbeat.unref();
  };

  return {
    shared: true,
    async tryLead(role) {
      if (closed) return false;
      if (leading.has(role)) return true;
      const client = connection();
      try {
        const c = await client;
        const { rows } = await c.query<{ ok: boolean }>(
          "SELECT pg_try_advisory_lock($1::bigint) AS ok",
          [lockKey(role)],
        );
        if (!rows[0]?.ok || current !== client) return false;
        leading.add(role);
        startHeartbeat();
        return true;
      } catch (error: unknown) {
        drop(client, error);
        return false;
      }
    },
    async resign(role) {
      if (!leading.delete(role)) return;
      const client = current;
      await client
        ?.then((c) => c.query("SELECT pg_advisory_unlock($1::bigint)", [lockKey(role)]))
        .catch(() => {}); // the session ending releases it as well
    },
    onLost: (listener) => void lostListeners.push(listener),
    signal(role) {
      if (closed) return;
      const client = connection();
      client
        .then((c) => c.query("SELECT pg_notify($1, $2)", [CHANNEL, role]))
        .catch((error: unknown) => drop(client, error));
    },
    onSignal: (listener) => void signalListeners.push(listener),
    async close() {
      closed = true;
      clearInterval(heartbeat);
      const client = current;
      current = undefined;
      leading.clear();
      await client?.then((c) => c.end()).catch(() => {});
    },
  };
}

/** A role's lock: 64 bits of its SHA-256, as PostgreSQL's bigint lock keys take. */
function lockKey(role: string): string {
  const digest = createHash("sha256").update(`duban:${role}`).digest();
  return digest.readBigInt64BE(0).toString();
}
