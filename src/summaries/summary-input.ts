import type { Locale } from "../i18n/locales.js";

/**
 * What the compilers read: a campaign and its reports, loaded from the database by
 * `loadSummaryInput` and handed over as plain data, so compiling is a pure function.
 * Decimals are strings (exactly as stored), dates `YYYY-MM-DD` in the campaign's zone.
 */
export interface SummaryInput {
  campaign: SummaryCampaign;
  units: SummaryUnit[];
  members: SummaryMember[];
  /** Active tasks by number. */
  tasks: SummaryTask[];
  /** Submitted and skipped reports of the periods asked for (drafts are never compiled). */
  reports: SummaryReport[];
  /** The campaign's quarterly deadlines. */
  deadlines: SummaryDeadline[];
  /** Who is expected to report in each period (owners not on leave), for rates and "missing". */
  expected: ExpectedReport[];
}

export interface SummaryCampaign {
  key: string;
  title: string;
  year: number;
  timeZone: string;
  locale: Locale;
  description?: string;
  leadUnitName?: string;
  /** The leadership group's members (role leader in this campaign), in file order. */
  leaderNames: string[];
  circular?: {
    issuer: string;
    addressees: string;
    preamble?: string;
    copyTo: string[];
    signature?: string;
  };
}

export interface SummaryUnit {
  key: string;
  name: string;
  parentKey?: string;
}

export interface SummaryMember {
  key: string;
  name: string;
  unitKey: string;
}

export interface SummaryTask {
  key: string;
  number: number;
  title: string;
  description?: string;
  leadUnitKey?: string;
  /** Owners in file order; the first is the task's lead owner. */
  ownerKeys: string[];
  metrics: SummaryMetric[];
  milestones: SummaryMilestone[];
}

/**
 * A metric with its semantics: `span` says whether a reported figure is for the week or
 * already cumulative (year to date, e.g. 优良天数); `reportedBy` whether every owner reports
 * it (their figures are combined by summing, e.g. fire points in each area) or only the
 * task's lead owner (e.g. the city's PM2.5); `aggregation` how the figures of the weeks of a
 * period combine (a cumulative figure is read at its latest week whatever it says).
 */
export interface SummaryMetric {
  key: string;
  name: string;
  unit?: string;
  aggregation: "sum" | "latest" | "max" | "min" | "mean";
  kind: "count" | "amount" | "ratio" | "index";
  span: "weekly" | "cumulative";
  reportedBy: "every_owner" | "lead_owner";
  direction?: "higher" | "lower";
  target?: string;
  /** The same figure a year earlier, for 同比 (year on year). */
  baseline?: string;
}

export interface SummaryMilestone {
  key: string;
  title: string;
  dueOn: string;
  doneOn?: string;
}

export interface SummaryReport {
  taskKey: string;
  memberKey: string;
  /** ISO week, `2022-W23`. */
  period: string;
  state: "submitted" | "skipped";
  late: boolean;
  correctedLate: boolean;
  /** ISO instants. */
  submittedAt: string;
  revisedAt?: string;
  revision: number;
  health?: "on_track" | "at_risk" | "blocked";
  blockedReason?: string;
  progressItems: string[];
  problems?: string;
  nextSteps?: string;
  skipReason?: string;
  /** Metric key → decimal as stored (`"67"`, `"3.264"`). */
  values: Record<string, string>;
  /** Metric key → what the person typed (`"3.2640"`, `"5.11万方"`, `"一百八十"`), where kept:
   * a figure is shown with as many fraction digits as were reported (an index of 3.2640). */
  rawValues: Record<string, string>;
}

export interface SummaryDeadline {
  /** `2022Q2` */
  period: string;
  dueOn: string;
  title?: string;
}

export interface ExpectedReport {
  period: string;
  taskKey: string;
  memberKey: string;
}
