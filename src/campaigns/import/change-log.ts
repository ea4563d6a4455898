import { Prisma } from "../../generated/prisma/client.js";

/** The kinds of rows a campaign import writes. */
export const IMPORT_ENTITIES = [
  "campaign",
  "unit",
  "member",
  "membership",
  "identity",
  "task",
  "owner",
  "metric",
  "milestone",
  "deadline",
  "calendarDay",
  "channel",
] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export type ChangeKind = "created" | "updated" | "archived" | "restored" | "deleted";

export type ImportCounts = Record<ImportEntity, Record<ChangeKind, number>>;

interface PendingAudit {
  entity: ImportEntity;
  kind: ChangeKind;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/**
 * Collects what an import changed: counts for the summary, and an audit event for each
 * change, written in the import's transaction once the campaign id is known.
 */
export class ChangeLog {
  readonly counts: ImportCounts = Object.fromEntries(
    IMPORT_ENTITIES.map((entity) => [
      entity,
      { created: 0, updated: 0, archived: 0, restored: 0, deleted: 0 },
    ]),
  ) as ImportCounts;
  private readonly pending: PendingAudit[] = [];

  record(change: PendingAudit): void {
    this.counts[change.entity][change.kind] += 1;
    this.pending.push(change);
  }

  get changeCount(): number {
    return this.pending.length;
  }

  /** Writes the audit trail of this import. */
  async flush(tx: Prisma.TransactionClient, options: { campaignId: string; actor: string }) {
    if (this.pending.length === 0) return;
    await tx.auditEvent.createMany({
      data: this.pending.map((change) => ({
        actor: options.actor,
        action: `campaign.import.${change.kind}`,
        entity: change.entity,
        entityId: change.entityId,
        campaignId: options.campaignId,
        before: toJson(change.before),
        after: toJson(change.after),
      })),
    });
    this.pending.length = 0;
  }
}

function toJson(value: Record<string, unknown> | null): Prisma.InputJsonValue | undefined {
  if (value === null) return undefined;
  // Fields first: JSON.stringify would turn a Decimal into text before the replacer sees it.
  const fields = Object.fromEntries(Object.entries(value).map(([key, v]) => [key, comparable(v)]));
  return JSON.parse(JSON.stringify(fields, (_key, inner: unknown) => comparable(inner)));
}

/**
 * A value in a form that compares equal when the stored and the desired value mean the same:
 * dates as ISO strings, decimals as numbers, JSON by its canonical text.
 */
export function comparable(value: unknown): unknown {
  // A JSON column written as "no value" (Prisma.DbNull) reads back as null.
  if (value === undefined || value === null || value === Prisma.DbNull) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object" && value !== null && isDecimal(value))
    return Number(value.toString());
  return value;
}

function isDecimal(value: object): value is { toString(): string } {
  return Prisma.Decimal.isDecimal(value);
}

function canonical(value: unknown): string {
  // Top-level values first: JSON.stringify calls toJSON (Decimal → "100") before a replacer.
  return JSON.stringify(comparable(value), (_key, inner: unknown) => {
    const plain = comparable(inner);
    if (plain && typeof plain === "object" && !Array.isArray(plain)) {
      return Object.fromEntries(
        Object.entries(plain as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
    return plain;
  });
}

/** The fields of `desired` whose value differs from `existing`. */
export function changedFields(
  existing: Record<string, unknown>,
  desired: Record<string, unknown>,
): string[] {
  return Object.keys(desired).filter(
    (field) => canonical(existing[field]) !== canonical(desired[field]),
  );
}

/** Only the named fields of a row: the "before" and "after" of an audit event. */
export function pick(row: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, row[field]]));
}
