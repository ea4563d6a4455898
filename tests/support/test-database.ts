import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/db/open-database.js";
import { createScratchDatabase } from "./scratch-postgres.js";

/** Which database the integration tests run on: `DUBAN_TEST_DATABASE=postgres` selects the server. */
export const TEST_DATABASE_KIND =
  process.env.DUBAN_TEST_DATABASE === "postgres" ? "postgres" : "pglite";

/**
 * A fresh, migrated, empty database for one test file: PGlite loaded from the migrated
 * template (in memory), or a new database on the PostgreSQL server, dropped on close.
 */
export async function createTestDatabase(): Promise<Database> {
  if (TEST_DATABASE_KIND === "postgres") return createPostgresDatabase();
  const template = readFileSync(inject("pgliteTemplate"));
  const pglite = new PGlite({ loadDataDir: new Blob([template]) });
  await pglite.waitReady;
  const database = await openDatabase({ target: { kind: "pglite", dataDir: "memory://" }, pglite });
  return {
    ...database,
    async close() {
      await database.close();
      await pglite.close();
    },
  };
}

async function createPostgresDatabase(): Promise<Database> {
  const scratch = await createScratchDatabase("duban_test");
  const database = await openDatabase({ target: { kind: "postgres", url: scratch.url } });
  return {
    ...database,
    async close() {
      await database.close();
      await scratch.drop();
    },
  };
}

/** Row counts of every table: two imports of one file must leave them equal. */
export async function tableCounts(database: Database): Promise<Record<string, number>> {
  const p = database.prisma;
  const counts = await Promise.all([
    p.unit.count(),
    p.member.count(),
    p.chatIdentity.count(),
    p.campaign.count(),
    p.campaignMember.count(),
    p.task.count(),
    p.taskOwner.count(),
    p.metric.count(),
    p.milestone.count(),
    p.deadline.count(),
    p.calendarDay.count(),
    p.channel.count(),
    p.report.count(),
    p.metricValue.count(),
    p.auditEvent.count(),
  ]);
  const names = [
    "unit",
    "member",
    "chatIdentity",
    "campaign",
    "campaignMember",
    "task",
    "taskOwner",
    "metric",
    "milestone",
    "deadline",
    "calendarDay",
    "channel",
    "report",
    "metricValue",
    "auditEvent",
  ];
  return Object.fromEntries(names.map((name, index) => [name, counts[index] ?? 0]));
}
