import { benchMembers } from "./bench-campaign.js";
import type { RunDatabase } from "./bench-database.js";
import { recordStatements } from "./count-statements.js";
import { BenchAbort, driveMembers, type FeedMode } from "./drive-members.js";
import { startDubanSide } from "./duban-side.js";
import { startPluginSide } from "./plugin-side.js";
import type { Persisted } from "./side-under-test.js";

export type SideName = "duban" | "plugin";

/** What the parent asks a worker process to measure. */
export interface RunSpec {
  side: SideName;
  db: RunDatabase;
  mode: FeedMode;
  members: number;
  warmupMembers: number;
  replyTimeoutMs: number;
  /** duban's outbox keeps Telegram's sending limits (default: lifted, as the baseline sends
   * unpaced and the fake Bot API enforces none). */
  paced?: boolean;
  /** Also return the text of every statement sent during the measured run. */
  listSql?: boolean;
}

/** What one run measured. */
export interface RunResult {
  spec: RunSpec;
  updates: number;
  wallMs: number;
  latencyMs: number[];
  handleMs: number[];
  rssMb: number;
  persisted: Persisted;
  /** SQL statements sent to the database during the measured run (BEGIN/COMMIT included). */
  statements: number;
  /** With `listSql`: each statement's text and how often it was sent, most frequent first. */
  sql?: [string, number][];
  apiCalls: Record<string, number>;
}

/**
 * One measured run in this process: set the side up on a fresh database, take warm-up members
 * through the report (not counted), then the measured members, then read what was stored.
 */
export async function runSide(spec: RunSpec): Promise<RunResult> {
  const statements = recordStatements();
  const everyone = benchMembers(spec.members + spec.warmupMembers);
  const measured = everyone.slice(0, spec.members);
  const warmup = everyone.slice(spec.members);
  const side =
    spec.side === "duban"
      ? await startDubanSide({ db: spec.db, members: everyone, paced: spec.paced ?? false })
      : await startPluginSide({ db: spec.db, members: everyone });
  try {
    const drive = {
      handleUpdate: side.handleUpdate,
      api: side.api,
      mode: spec.mode,
      replyTimeoutMs: spec.replyTimeoutMs,
      botErrors: side.botErrors,
    };
    const warm = await driveMembers({ ...drive, members: warmup, firstUpdateId: 1 });
    const callsBefore = new Map(side.api.calls);
    const statementsBefore = statements.count();
    statements.mark();
    const run = await driveMembers({
      ...drive,
      members: measured,
      firstUpdateId: warm.nextUpdateId,
    });
    const statementsDuring = statements.count() - statementsBefore;
    const sql = spec.listSql ? [...statements.texts()].sort(([, a], [, b]) => b - a) : undefined;
    const apiCalls: Record<string, number> = {};
    for (const [method, count] of side.api.calls) {
      const during = count - (callsBefore.get(method) ?? 0);
      if (during > 0) apiCalls[method] = during;
    }
    const persisted = await side.settle();
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    if (side.api.unexpected.length > 0) {
      throw new BenchAbort(`unexpected Bot API calls: ${side.api.unexpected.join(", ")}`);
    }
    const expectedReports = everyone.length;
    if (persisted.reports !== expectedReports || persisted.metricValues !== 2 * expectedReports) {
      throw new BenchAbort(
        `${persisted.reports} reports with ${persisted.metricValues} metric values stored, ` +
          `expected ${expectedReports} with ${2 * expectedReports}`,
      );
    }
    if (persisted.undelivered > 0) {
      throw new BenchAbort(`${persisted.undelivered} outbox rows still unsent after the run`);
    }
    return {
      spec,
      updates: run.updates,
      wallMs: run.wallMs,
      latencyMs: run.latencyMs,
      handleMs: run.handleMs,
      rssMb,
      persisted,
      statements: statementsDuring,
      ...(sql ? { sql } : {}),
      apiCalls,
    };
  } finally {
    await side.close();
  }
}
