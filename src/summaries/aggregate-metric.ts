import { compareText } from "./compare-text.js";
import {
  compareDecimals,
  formatFigure,
  maxDecimal,
  meanDecimals,
  minDecimal,
  reportedFractionDigits,
  sumDecimals,
} from "./decimal.js";
import type { CompiledFigure, FigureSource } from "./summary-document.js";
import type {
  SummaryMember,
  SummaryMetric,
  SummaryReport,
  SummaryTask,
  SummaryUnit,
} from "./summary-input.js";

/** A metric's figure before it is worded: everything of {@link CompiledFigure} but `text`. */
export type AggregatedFigure = Omit<CompiledFigure, "text">;

interface Reading {
  report: SummaryReport;
  value: string;
}

interface Combined {
  value: string;
  used: Reading[];
  mean: boolean;
}

/**
 * One metric's figure over the reports given (the caller picks the weeks: a quarter's, a
 * week's, a quarter to date).
 *
 * 1. Reports used: submitted reports of `task` that carry a value for the metric; skipped
 *    reports and reports without the value are ignored (a figure nobody reported stays
 *    `undefined`, never an invented 0). Late reports count like any other. Should two versions
 *    of one person's week be given, the higher revision wins (the loader already merges them).
 *    A `lead_owner` metric reads only the task's first owner; others' figures are ignored.
 * 2. Per reporter, the weeks combine by `aggregation`: `sum`, `latest` (the latest week),
 *    `max`, `min`, `mean` (6 fraction digits). A `cumulative` figure is already year to date,
 *    so it is read at the reporter's latest week (or its max / min when `aggregation` says so).
 * 3. Reporters combine: summed for counts and amounts; for ratios and indices (a rate, an
 *    index), the mean across reporters. `byUnit` combines the reporters of each unit the same
 *    way, ordered by value (largest first), then unit key.
 * 4. `sources` are the reports a value was read from (for `latest`, `max`, `min` and
 *    cumulative figures: the one week chosen per reporter), by week then member.
 * 5. `meetsTarget`: value ≥ target when `direction` is higher, ≤ when lower (no direction or
 *    no target: undefined). `yearOnYear` against `baseline`: "flat" when equal.
 * 6. `display` shows as many fraction digits as the figures were typed with (the most among
 *    the sources): "3.2640", "5.11", "100".
 *
 * Pure; `members` and `units` only name the units.
 */
export function aggregateMetric(
  metric: SummaryMetric,
  task: SummaryTask,
  reports: SummaryReport[],
  members: SummaryMember[],
  units: SummaryUnit[],
): AggregatedFigure {
  const leadOwner = task.ownerKeys[0];
  const readings = latestRevisions(
    reports.filter(
      (report) =>
        report.taskKey === task.key &&
        report.state === "submitted" &&
        (metric.reportedBy !== "lead_owner" || report.memberKey === leadOwner),
    ),
  ).flatMap((report): Reading[] => {
    const value = report.values[metric.key];
    return value === undefined || value.trim() === "" ? [] : [{ report, value }];
  });

  const byMember = new Map<string, Reading[]>();
  for (const reading of readings) {
    const list = byMember.get(reading.report.memberKey) ?? [];
    list.push(reading);
    byMember.set(reading.report.memberKey, list);
  }
  const perMember = new Map<string, Combined>();
  for (const [memberKey, list] of byMember) perMember.set(memberKey, combineWeeks(metric, list));

  const base: AggregatedFigure = {
    metricKey: metric.key,
    name: metric.name,
    ...(metric.unit ? { unit: metric.unit } : {}),
    ...(metric.target !== undefined ? { target: metric.target } : {}),
    byUnit: [],
    sources: [],
  };
  const overall = combineReporters(metric, [...perMember.values()]);
  if (!overall) return base;

  const digits = Math.max(
    ...overall.used.map(({ report, value }) =>
      reportedFractionDigits(value, report.rawValues[metric.key], metric),
    ),
  );
  const show = (combined: Combined): string =>
    formatFigure(combined.value, metric.kind, "zh-CN", digits, { mean: combined.mean });

  const memberUnit = new Map(members.map((member) => [member.key, member.unitKey]));
  const unitName = new Map(units.map((unit) => [unit.key, unit.name]));
  const byUnitMembers = new Map<string, Combined[]>();
  for (const [memberKey, combined] of perMember) {
    const unitKey = memberUnit.get(memberKey) ?? "";
    byUnitMembers.set(unitKey, [...(byUnitMembers.get(unitKey) ?? []), combined]);
  }
  const byUnit = [...byUnitMembers]
    .flatMap(([unitKey, list]) => {
      const combined = combineReporters(metric, list);
      return combined ? [{ unitKey, combined }] : [];
    })
    .sort(
      (a, b) =>
        compareDecimals(b.combined.value, a.combined.value) || compareText(a.unitKey, b.unitKey),
    )
    .map(({ unitKey, combined }) => ({
      unitKey,
      unitName: unitName.get(unitKey) ?? unitKey,
      value: combined.value,
      display: show(combined),
    }));

  const memberName = new Map(members.map((member) => [member.key, member.name]));
  const sources: FigureSource[] = overall.used
    .map(({ report }) => ({
      memberKey: report.memberKey,
      memberName: memberName.get(report.memberKey) ?? report.memberKey,
      period: report.period,
    }))
    .sort((a, b) => compareText(a.period, b.period) || compareText(a.memberKey, b.memberKey));

  const meetsTarget =
    metric.target !== undefined && metric.direction
      ? metric.direction === "higher"
        ? compareDecimals(overall.value, metric.target) >= 0
        : compareDecimals(overall.value, metric.target) <= 0
      : undefined;
  const yearOnYear =
    metric.baseline !== undefined
      ? (["down", "flat", "up"] as const)[compareDecimals(overall.value, metric.baseline) + 1]
      : undefined;

  return {
    ...base,
    value: overall.value,
    display: show(overall),
    ...(meetsTarget !== undefined ? { meetsTarget } : {}),
    ...(yearOnYear ? { yearOnYear } : {}),
    byUnit,
    sources,
  };
}

/** One report per member and week: the highest revision, then the latest revised. */
function latestRevisions(reports: SummaryReport[]): SummaryReport[] {
  const chosen = new Map<string, SummaryReport>();
  for (const report of reports) {
    const key = `${report.memberKey}\u0000${report.period}`;
    const held = chosen.get(key);
    const stamp = (r: SummaryReport) => r.revisedAt ?? r.submittedAt;
    if (
      !held ||
      report.revision > held.revision ||
      (report.revision === held.revision && stamp(report) > stamp(held))
    ) {
      chosen.set(key, report);
    }
  }
  return [...chosen.values()];
}

/** One reporter's weeks combined (see step 2 of {@link aggregateMetric}). */
function combineWeeks(metric: SummaryMetric, readings: Reading[]): Combined {
  const byWeek = [...readings].sort((a, b) => compareText(a.report.period, b.report.period));
  const values = byWeek.map((reading) => reading.value);
  const pick = (value: string | undefined): Combined => {
    const used = byWeek.filter((reading) => compareDecimals(reading.value, value ?? "0") === 0);
    const last = used[used.length - 1] ?? (byWeek[byWeek.length - 1] as Reading);
    return { value: last.value, used: [last], mean: false };
  };
  const latest = (): Combined => {
    const last = byWeek[byWeek.length - 1] as Reading;
    return { value: last.value, used: [last], mean: false };
  };
  if (metric.aggregation === "max") return pick(maxDecimal(values));
  if (metric.aggregation === "min") return pick(minDecimal(values));
  if (metric.span === "cumulative" || metric.aggregation === "latest") return latest();
  if (metric.aggregation === "mean") {
    return { value: meanDecimals(values) ?? "0", used: byWeek, mean: true };
  }
  return { value: sumDecimals(values), used: byWeek, mean: false };
}

/** Reporters combined (step 3): summed, or averaged for ratios and indices. */
function combineReporters(metric: SummaryMetric, list: Combined[]): Combined | undefined {
  if (list.length === 0) return undefined;
  const used = list.flatMap((combined) => combined.used);
  const anyMean = list.some((combined) => combined.mean);
  if (list.length === 1) return list[0];
  if (metric.kind === "ratio" || metric.kind === "index") {
    const values = list.map((combined) => combined.value);
    return { value: meanDecimals(values) ?? "0", used, mean: true };
  }
  return { value: sumDecimals(list.map((combined) => combined.value)), used, mean: anyMean };
}
