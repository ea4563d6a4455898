import { type CampaignFile, campaignErrorKey } from "./campaign-file-schema.js";

/** One step of a path into the campaign file: a mapping key or a list index. */
export type PathSegment = string | number;

/**
 * A cross-reference problem, not yet located in the file. `firstPath` names the earlier
 * entry a duplicate collides with; the parser turns it into the `first` and `firstLine` params.
 */
export type CampaignReferenceError = {
  path: PathSegment[];
  code: string;
  params: Record<string, string | number>;
  firstPath?: PathSegment[];
};

type Report = (error: CampaignReferenceError) => void;

/** How many known keys an "unknown key" message lists before it elides the rest. */
const KNOWN_KEYS_SHOWN = 8;

function listKnown(keys: Iterable<string>): string {
  const all = [...keys];
  const shown = all.slice(0, KNOWN_KEYS_SHOWN).join(", ");
  return all.length > KNOWN_KEYS_SHOWN ? `${shown}, …` : shown;
}

/**
 * Reports every item after the first whose identity was already seen; items whose
 * identity is undefined are skipped. `pathOf(index)` locates the identifying field.
 */
function reportDuplicates<T>(options: {
  items: readonly T[];
  pathOf: (index: number) => PathSegment[];
  identify: (item: T) => string | number | undefined;
  code: string;
  report: Report;
}): void {
  const { items, pathOf, identify, code, report } = options;
  const firstIndex = new Map<string | number, number>();
  items.forEach((item, index) => {
    const identity = identify(item);
    if (identity === undefined) return;
    const first = firstIndex.get(identity);
    if (first === undefined) {
      firstIndex.set(identity, index);
      return;
    }
    report({
      path: pathOf(index),
      code: campaignErrorKey(code),
      params: { value: identity },
      firstPath: pathOf(first),
    });
  });
}

function checkUnitReferences(campaign: CampaignFile, report: Report): void {
  const unitKeys = new Set(campaign.units.map((unit) => unit.key));
  const known = listKnown(unitKeys);
  const checkUnit = (key: string | undefined, path: PathSegment[]) => {
    if (key !== undefined && !unitKeys.has(key)) {
      report({ path, code: campaignErrorKey("unknownUnit"), params: { value: key, known } });
    }
  };
  checkUnit(campaign.campaign.leadUnit, ["campaign", "leadUnit"]);
  campaign.units.forEach((unit, index) => {
    checkUnit(unit.parent, ["units", index, "parent"]);
  });
  campaign.members.forEach((member, index) => {
    checkUnit(member.unit, ["members", index, "unit"]);
  });
  campaign.tasks.forEach((task, index) => {
    checkUnit(task.leadUnit, ["tasks", index, "leadUnit"]);
  });
}

/** Reports each cycle of `parent` links once, at the first unit of the cycle in file order. */
function checkUnitCycles(campaign: CampaignFile, report: Report): void {
  const parentOf = new Map(campaign.units.map((unit) => [unit.key, unit.parent]));
  const reported = new Set<string>();
  campaign.units.forEach((unit, index) => {
    if (reported.has(unit.key)) return;
    const chain = [unit.key];
    let next = unit.parent;
    while (next !== undefined && parentOf.has(next) && !chain.includes(next)) {
      chain.push(next);
      next = parentOf.get(next);
    }
    if (next !== unit.key) return;
    for (const key of chain) reported.add(key);
    report({
      path: ["units", index, "parent"],
      code: campaignErrorKey("unitParentCycle"),
      params: { value: unit.parent ?? "", cycle: [...chain, unit.key].join(" → ") },
    });
  });
}

/** A scope names known tasks and units, and only a leader has one. */
function checkLeaderScopes(campaign: CampaignFile, report: Report): void {
  const taskKeys = new Set(campaign.tasks.map((task) => task.key));
  const unitKeys = new Set(campaign.units.map((unit) => unit.key));
  campaign.members.forEach((member, index) => {
    const scope = member.scope;
    if (!scope) return;
    if (member.role !== "leader") {
      report({
        path: ["members", index, "scope"],
        code: campaignErrorKey("scopeNotLeader"),
        params: { value: member.role },
      });
    }
    scope.tasks.forEach((key, item) => {
      if (taskKeys.has(key)) return;
      report({
        path: ["members", index, "scope", "tasks", item],
        code: campaignErrorKey("unknownTask"),
        params: { value: key, known: listKnown(taskKeys) },
      });
    });
    scope.units.forEach((key, item) => {
      if (unitKeys.has(key)) return;
      report({
        path: ["members", index, "scope", "units", item],
        code: campaignErrorKey("unknownUnit"),
        params: { value: key, known: listKnown(unitKeys) },
      });
    });
  });
}

function checkOwners(campaign: CampaignFile, report: Report): void {
  const memberKeys = new Set(campaign.members.map((member) => member.key));
  const known = listKnown(memberKeys);
  campaign.tasks.forEach((task, taskIndex) => {
    task.owners.forEach((owner, ownerIndex) => {
      if (!memberKeys.has(owner)) {
        report({
          path: ["tasks", taskIndex, "owners", ownerIndex],
          code: campaignErrorKey("unknownMember"),
          params: { value: owner, known },
        });
      }
    });
    reportDuplicates({
      items: task.owners,
      pathOf: (index) => ["tasks", taskIndex, "owners", index],
      identify: (owner) => owner,
      code: "duplicateOwner",
      report,
    });
  });
}

function checkDuplicateKeys(campaign: CampaignFile, report: Report): void {
  const byKey = (item: { key: string }) => item.key;
  const lists = [
    ["units", campaign.units],
    ["members", campaign.members],
    ["tasks", campaign.tasks],
    ["channels", campaign.channels],
  ] as const;
  for (const [name, items] of lists) {
    const pathOf = (index: number) => [name, index, "key"];
    reportDuplicates({ items, pathOf, identify: byKey, code: "duplicateKey", report });
  }
  campaign.tasks.forEach((task, index) => {
    for (const [name, items] of [
      ["metrics", task.metrics],
      ["milestones", task.milestones],
    ] as const) {
      const pathOf = (item: number) => ["tasks", index, name, item, "key"];
      reportDuplicates({ items, pathOf, identify: byKey, code: "duplicateKey", report });
    }
  });
  reportDuplicates({
    items: campaign.tasks,
    pathOf: (index) => ["tasks", index, "number"],
    identify: (task) => task.number,
    code: "duplicateTaskNumber",
    report,
  });
}

/** A Telegram account, Slack account or email address may belong to one member only. */
function checkMemberIdentities(campaign: CampaignFile, report: Report): void {
  const fields = ["telegram", "slack", "email"] as const;
  for (const field of fields) {
    reportDuplicates({
      items: campaign.members,
      pathOf: (index) => ["members", index, field],
      identify: (member) => (field === "email" ? member.email?.toLowerCase() : member[field]),
      code: "duplicateIdentity",
      report,
    });
  }
}

/** The first day of a quarter such as `2022Q2`, as `YYYY-MM-DD`. */
function quarterStart(quarter: string): string {
  const year = quarter.slice(0, 4);
  const month = (Number(quarter.slice(5)) - 1) * 3 + 1;
  return `${year}-${String(month).padStart(2, "0")}-01`;
}

function checkQuarterlyDeadlines(campaign: CampaignFile, report: Report): void {
  const year = campaign.campaign.year;
  const deadlines = campaign.schedule.quarterly;
  deadlines.forEach((deadline, index) => {
    const path = ["schedule", "quarterly", index];
    if (Number(deadline.quarter.slice(0, 4)) !== year) {
      report({
        path: [...path, "quarter"],
        code: campaignErrorKey("quarterOutsideYear"),
        params: { value: deadline.quarter, year },
      });
    } else if (deadline.due < quarterStart(deadline.quarter)) {
      report({
        path: [...path, "due"],
        code: campaignErrorKey("deadlineBeforeQuarter"),
        params: { value: deadline.due, quarter: deadline.quarter },
      });
    }
  });
  reportDuplicates({
    items: deadlines,
    pathOf: (index) => ["schedule", "quarterly", index, "quarter"],
    identify: (deadline) => deadline.quarter,
    code: "duplicateQuarter",
    report,
  });
}

/** A date may be listed once, either as an extra day off or as a working day. */
function checkHolidays(campaign: CampaignFile, report: Report): void {
  const holidays = campaign.holidays;
  if (!holidays) return;
  const days = [
    ...holidays.extra.map((day, index) => ({ date: day.date, path: ["extra", index] })),
    ...holidays.workdays.map((day, index) => ({ date: day.date, path: ["workdays", index] })),
  ];
  reportDuplicates({
    items: days,
    pathOf: (index) => ["holidays", ...(days[index]?.path ?? []), "date"],
    identify: (day) => day.date,
    code: "duplicateDate",
    report,
  });
}

/**
 * Checks what the schema alone cannot: unique keys, task numbers and chat identities;
 * references to units and members that exist; a unit tree without cycles; quarterly
 * deadlines inside the campaign year; holiday overrides without contradictions.
 *
 * @returns every problem found, in no particular order (the parser sorts them by position)
 */
export function checkCampaignReferences(campaign: CampaignFile): CampaignReferenceError[] {
  const errors: CampaignReferenceError[] = [];
  const report: Report = (error) => errors.push(error);
  checkDuplicateKeys(campaign, report);
  checkUnitReferences(campaign, report);
  checkUnitCycles(campaign, report);
  checkOwners(campaign, report);
  checkLeaderScopes(campaign, report);
  checkMemberIdentities(campaign, report);
  checkQuarterlyDeadlines(campaign, report);
  checkHolidays(campaign, report);
  return errors;
}
