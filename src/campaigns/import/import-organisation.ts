import { optionalDateColumn } from "../../db/calendar-date.js";
import { Prisma } from "../../generated/prisma/client.js";
import type { CampaignFile, CampaignUnit } from "../campaign-file-schema.js";
import type { ChangeLog } from "./change-log.js";
import { CampaignImportError, type ImportConflict } from "./import-error.js";
import { syncRows } from "./sync-rows.js";

type Tx = Prisma.TransactionClient;

/**
 * Units are shared by campaigns, so a unit missing from one file is kept. Parents are
 * written before children: one pass per depth of the tree.
 */
export async function importUnits(tx: Tx, file: CampaignFile, log: ChangeLog) {
  const existing = await tx.unit.findMany();
  const ids = new Map<string, string>();
  const position = new Map(file.units.map((unit, index) => [unit.key, index]));
  for (const level of unitsByDepth(file.units)) {
    const levelIds = await syncRows({
      entity: "unit",
      log,
      existing,
      keyOf: (row) => row.key,
      desired: level.map((unit) => ({
        key: unit.key,
        data: {
          key: unit.key,
          name: unit.name,
          kind: unit.kind,
          parentId: unit.parent ? (ids.get(unit.parent) ?? null) : null,
          position: position.get(unit.key) ?? 0,
        },
      })),
      create: (data) => tx.unit.create({ data }),
      update: (id, data) => tx.unit.update({ where: { id }, data }),
      onMissing: "keep",
    });
    for (const [key, id] of levelIds) ids.set(key, id);
  }
  return ids;
}

function unitsByDepth(units: CampaignUnit[]): CampaignUnit[][] {
  const byKey = new Map(units.map((unit) => [unit.key, unit]));
  const depthOf = (unit: CampaignUnit, seen = new Set<string>()): number => {
    const parent = unit.parent ? byKey.get(unit.parent) : undefined;
    if (!parent || seen.has(unit.key)) return 0;
    seen.add(unit.key);
    return 1 + depthOf(parent, seen);
  };
  const levels: CampaignUnit[][] = [];
  for (const unit of units) {
    const depth = depthOf(unit);
    levels[depth] ??= [];
    levels[depth].push(unit);
  }
  return levels.filter((level) => level !== undefined);
}

/** Members are shared by campaigns too; leaving a file only archives the membership. */
export async function importMembers(
  tx: Tx,
  file: CampaignFile,
  unitIds: Map<string, string>,
  log: ChangeLog,
) {
  const existing = await tx.member.findMany({
    where: { key: { in: file.members.map((m) => m.key) } },
  });
  return syncRows({
    entity: "member",
    log,
    existing,
    keyOf: (row) => row.key,
    desired: file.members.map((member) => ({
      key: member.key,
      data: {
        key: member.key,
        name: member.name,
        title: member.title ?? null,
        unitId: unitIds.get(member.unit) ?? "",
        locale: member.locale ?? null,
        timeZone: member.timeZone ?? null,
        email: member.email ?? null,
        exemptUntil: optionalDateColumn(member.exemptUntil),
        quietHours: member.quietHours ?? null,
      },
    })),
    create: (data) => tx.member.create({ data }),
    update: (id, data) => tx.member.update({ where: { id }, data }),
    onMissing: "keep",
  });
}

/** The campaign's member list; a member left out is archived in this campaign only. */
export async function importMemberships(
  tx: Tx,
  options: {
    campaignId: string;
    file: CampaignFile;
    memberIds: Map<string, string>;
    log: ChangeLog;
  },
) {
  const { campaignId, file, memberIds, log } = options;
  const existing = await tx.campaignMember.findMany({ where: { campaignId } });
  const where = (memberId: string) => ({ campaignId_memberId: { campaignId, memberId } });
  await syncRows({
    entity: "membership",
    log,
    existing: existing.map((row) => ({ ...row, id: row.memberId })),
    keyOf: (row) => row.memberId,
    desired: file.members.map((member, position) => {
      const memberId = memberIds.get(member.key) ?? "";
      const scope = member.scope
        ? ({ tasks: member.scope.tasks, units: member.scope.units } as Prisma.InputJsonValue)
        : Prisma.DbNull;
      const preferredPlatform = member.prefer ?? null;
      return {
        key: memberId,
        data: { memberId, position, role: member.role, scope, preferredPlatform },
      };
    }),
    create: async (data) => {
      await tx.campaignMember.create({ data: { ...data, campaignId } });
      return { id: data.memberId };
    },
    update: (memberId, data) => tx.campaignMember.update({ where: where(memberId), data }),
    onMissing: {
      archive: (memberId) =>
        tx.campaignMember.update({ where: where(memberId), data: { archivedAt: new Date() } }),
    },
  });
  // A member who is in no campaign any more is archived as a person too.
  const orphans = await tx.member.findMany({
    where: { archivedAt: null, memberships: { none: { archivedAt: null } } },
    select: { id: true },
  });
  for (const orphan of orphans) {
    await tx.member.update({ where: { id: orphan.id }, data: { archivedAt: new Date() } });
    log.record({
      entity: "member",
      kind: "archived",
      entityId: orphan.id,
      before: null,
      after: null,
    });
  }
}

/**
 * Binds the Telegram and Slack accounts the file names. An account bound to another member
 * is a conflict (the file is refused); a member's changed account id is updated; an account
 * left out of the file stays bound (it may have come from an invite).
 */
export async function importIdentities(
  tx: Tx,
  file: CampaignFile,
  memberIds: Map<string, string>,
  log: ChangeLog,
) {
  const conflicts: ImportConflict[] = [];
  for (const [index, member] of file.members.entries()) {
    const memberId = memberIds.get(member.key) ?? "";
    for (const platform of ["telegram", "slack"] as const) {
      const externalId = member[platform];
      if (externalId === undefined) continue;
      const holder = await tx.chatIdentity.findUnique({
        where: { platform_externalId: { platform, externalId } },
        include: { member: { select: { key: true } } },
      });
      if (holder && holder.memberId !== memberId) {
        conflicts.push({
          path: ["members", index, platform],
          code: "campaign.errors.identityBoundElsewhere",
          params: { platform, id: externalId, member: holder.member.key },
        });
        continue;
      }
      if (holder) continue;
      const current = await tx.chatIdentity.findUnique({
        where: { platform_memberId: { platform, memberId } },
      });
      if (current) {
        await tx.chatIdentity.update({ where: { id: current.id }, data: { externalId } });
        log.record({
          entity: "identity",
          kind: "updated",
          entityId: current.id,
          before: { externalId: current.externalId },
          after: { externalId },
        });
      } else {
        const created = await tx.chatIdentity.create({ data: { platform, externalId, memberId } });
        log.record({
          entity: "identity",
          kind: "created",
          entityId: created.id,
          before: null,
          after: { platform, externalId, member: member.key },
        });
      }
    }
  }
  if (conflicts.length > 0) throw new CampaignImportError(conflicts);
}
