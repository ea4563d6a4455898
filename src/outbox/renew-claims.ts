import { Prisma, type PrismaClient } from "../generated/prisma/client.js";
import { DB_NOW, intervalSql } from "./outbox-sql.js";

/**
 * Extends the leases of the rows still being sent under `tokens` to `leaseMs` from now on
 * the database's clock. Resolves with the tokens that still hold rows; a token missing from
 * the answer lost its rows (its lease ran out and they were claimed again).
 */
export async function renewClaims(
  prisma: PrismaClient,
  options: { tokens: string[]; leaseMs: number },
): Promise<Set<string>> {
  if (options.tokens.length === 0) return new Set();
  const rows = await prisma.$queryRaw<{ token: string }[]>`
    UPDATE "OutboxMessage"
       SET "lockedUntil" = ${DB_NOW} + ${intervalSql(options.leaseMs)}
     WHERE "claimToken" IN (${Prisma.join(options.tokens)}) AND "state" = 'sending'
       AND "lockedUntil" >= ${DB_NOW}
    RETURNING "claimToken" AS "token"`;
  return new Set(rows.map((row) => row.token));
}
