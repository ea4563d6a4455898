import { Prisma } from "../generated/prisma/client.js";

/**
 * The database's clock in the form the columns keep time (`timestamp` without a zone, UTC):
 * leases are measured on it, so instances whose own clocks disagree still agree on them.
 */
export const DB_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

/**
 * The bot's clock for what is due and what has expired: the given instant when the
 * dispatcher runs on a clock of its own (a simulated one in trials), else the database's.
 */
export function botNowSql(now: Date | undefined): Prisma.Sql {
  return now ? Prisma.sql`${now}::timestamp(3)` : DB_NOW;
}

/** `ms` milliseconds as an SQL interval. */
export function intervalSql(ms: number): Prisma.Sql {
  return Prisma.sql`(${Math.round(ms)}::double precision * interval '1 millisecond')`;
}
