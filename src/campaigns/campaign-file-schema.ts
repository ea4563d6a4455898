import { z } from "zod";
import { defaultMetricKind, METRIC_KINDS } from "../domain/metric-value-rules.js";
import { ZLocale } from "../i18n/locales.js";
import { campaignErrorKey, ZDate, ZText } from "./campaign-fields.js";
import { ZCampaignSchedule } from "./campaign-schedule-schema.js";
import { metricBoundProblems } from "./check-metric-bounds.js";
import { ZQuietHours } from "./quiet-hours.js";
import type { ScheduleEntry } from "./schedule-entry.js";

export { campaignErrorKey, dateProblem, ZDate } from "./campaign-fields.js";
export {
  type CampaignSchedule,
  type NonWorkingDayPolicies,
  type NonWorkingDayPolicy,
  type QuarterlyDeadline,
  ZCampaignSchedule,
  ZQuarterlyDeadline,
} from "./campaign-schedule-schema.js";

const expect = (name: string) => ({ error: campaignErrorKey(name) });

/** Keys of units, members, tasks, metrics, milestones and channels: lower-case slugs. */
export const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ZKey = z.string(expect("slug")).regex(KEY_PATTERN, expect("slug"));

/** True when `value` names an IANA time zone this runtime knows (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(value: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const ZTimeZone = z.string(expect("timeZone")).refine(isTimeZone, expect("timeZone"));

/** Chat ids may be written as YAML numbers; they are kept as strings. */
const integerToString = (value: unknown) =>
  typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;

const ZTelegramUserId = z.preprocess(
  integerToString,
  z.string(expect("telegramUserId")).regex(/^[1-9]\d{0,15}$/, expect("telegramUserId")),
);
const ZSlackUserId = z
  .string(expect("slackUserId"))
  .regex(/^[UW][A-Z0-9]{2,}$/, expect("slackUserId"));
const ZChatId = z.preprocess(integerToString, z.string(expect("chatId")).trim().min(1));

/** The campaign itself: what the `campaign:` mapping says. */
export const ZCampaignHeader = z.strictObject({
  key: ZKey,
  title: ZText,
  year: z.int().min(2000).max(2100),
  timeZone: ZTimeZone,
  locale: ZLocale,
  leadUnit: ZKey,
  description: ZText.optional(),
});

export const UNIT_KINDS = ["bureau", "office", "branch", "affiliated", "team"] as const;

/** An organisational unit (局, 科室, 分局 …); `parent` builds the tree. */
export const ZCampaignUnit = z.strictObject({
  key: ZKey,
  name: ZText,
  kind: z.enum(UNIT_KINDS).default("office"),
  parent: ZKey.optional(),
});

export const MEMBER_ROLES = ["staff", "leader", "admin"] as const;

/**
 * A leader's 分管: the tasks they are in charge of, named by task key or by unit (the tasks
 * led by that unit or any unit under it). Absent: the whole campaign.
 */
export const ZLeaderScope = z.strictObject({
  tasks: z.array(ZKey).default([]),
  units: z.array(ZKey).default([]),
});

/** The platforms a member can be reached on privately. */
export const MEMBER_PLATFORMS = ["telegram", "slack"] as const;

/** A person: staff report, leaders read summaries, admins manage the campaign. */
export const ZCampaignMember = z
  .strictObject({
    key: ZKey,
    name: ZText,
    unit: ZKey,
    /** The member's role in this campaign (another campaign's file may give them another). */
    role: z.enum(MEMBER_ROLES).default("staff"),
    /** Only for a leader: what they are in charge of (分管); absent, the whole campaign. */
    scope: ZLeaderScope.optional(),
    title: ZText.optional(),
    locale: ZLocale.optional(),
    timeZone: ZTimeZone.optional(),
    telegram: ZTelegramUserId.optional(),
    slack: ZSlackUserId.optional(),
    email: z.email(expect("email")).optional(),
    exemptUntil: ZDate.optional(),
    /** `"22:00-08:00"` in their own zone, or `none`; absent: the campaign's quiet hours. */
    quietHours: ZQuietHours.optional(),
    /** Where a member bound on both platforms is reached; absent: where they wrote last. */
    prefer: z.enum(MEMBER_PLATFORMS).optional(),
  })
  .superRefine((member, ctx) => {
    // A preference for a platform the file does not bind them on would silently do nothing.
    // Slack may be bound by email: duban looks the account up.
    const bound = member.prefer === "telegram" ? member.telegram : (member.slack ?? member.email);
    if (member.prefer === undefined || bound !== undefined) return;
    ctx.addIssue({
      code: "custom",
      message: campaignErrorKey("preferNotBound"),
      input: member.prefer,
      path: ["prefer"],
    });
  });

export const AGGREGATIONS = ["sum", "latest", "max", "min", "mean"] as const;
/** Who reports a metric: each owner (their figures summed) or the task's first owner alone. */
export const METRIC_REPORTERS = ["every_owner", "lead_owner"] as const;
/** Whether a reported figure is the week's own or already cumulative (year to date). */
export const METRIC_SPANS = ["weekly", "cumulative"] as const;

/**
 * A figure owners report for a task; `aggregation` says how weekly values combine, `kind`
 * (by default `count` for a sum, else `amount`) and `min`/`max` which values may be reported.
 */
export const ZCampaignMetric = z
  .strictObject({
    key: ZKey,
    name: ZText,
    unit: ZText.optional(),
    aggregation: z.enum(AGGREGATIONS),
    kind: z.enum(METRIC_KINDS).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    direction: z.enum(["higher", "lower"]).optional(),
    target: z.number().optional(),
    /** The same figure a year earlier: the circular then says 同比持平 / 上升 / 下降. */
    baseline: z.number().optional(),
    reportedBy: z.enum(METRIC_REPORTERS).default("every_owner"),
    span: z.enum(METRIC_SPANS).default("weekly"),
    optional: z.boolean().default(false),
    description: ZText.optional(),
  })
  .superRefine((metric, ctx) => {
    for (const { field, name, params } of metricBoundProblems(metric)) {
      const message = campaignErrorKey(name);
      ctx.addIssue({ code: "custom", message, input: metric[field], path: [field], params });
    }
    // A cumulative figure already adds up the year: summing or averaging weeks of it is wrong.
    if (metric.span === "cumulative" && !["latest", "max", "min"].includes(metric.aggregation)) {
      ctx.addIssue({
        code: "custom",
        message: campaignErrorKey("cumulativeAggregation"),
        input: metric.aggregation,
        path: ["aggregation"],
        params: { value: metric.aggregation },
      });
    }
  })
  // The default kind depends on the aggregation, so it is filled in after parsing.
  .transform(({ kind, ...metric }) => ({
    ...metric,
    kind: kind ?? defaultMetricKind(metric.aggregation),
  }));

/** A dated step of a task; `done` is the day it was reached. */
export const ZCampaignMilestone = z.strictObject({
  key: ZKey,
  title: ZText,
  due: ZDate,
  done: ZDate.optional(),
});

/** A numbered task (重点整治任务) with its lead unit, owners, metrics and milestones. */
export const ZCampaignTask = z.strictObject({
  key: ZKey,
  number: z.int().min(1),
  title: ZText,
  leadUnit: ZKey,
  owners: z.array(ZKey).min(1),
  description: ZText.optional(),
  metrics: z.array(ZCampaignMetric).default([]),
  milestones: z.array(ZCampaignMilestone).default([]),
});

export const CHANNEL_PURPOSES = ["leadership", "digest", "circular", "alerts"] as const;

/** A group chat or channel the bot posts to; `chatId` is always a string. */
export const ZCampaignChannel = z
  .strictObject({
    key: ZKey,
    platform: z.enum(["telegram", "slack"]),
    chatId: ZChatId,
    purpose: z.enum(CHANNEL_PURPOSES),
    title: ZText.optional(),
  })
  .superRefine((channel, ctx) => {
    const telegram = /^(-?[1-9]\d{0,15}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
    const slack = /^[CGD][A-Z0-9]{2,}$/;
    const [pattern, code] =
      channel.platform === "telegram" ? [telegram, "telegramChatId"] : [slack, "slackChannelId"];
    if (!pattern.test(channel.chatId)) {
      ctx.addIssue({
        code: "custom",
        message: campaignErrorKey(code),
        input: channel.chatId,
        path: ["chatId"],
      });
    }
  });

/** How the quarterly circular (通报) is addressed and signed. */
export const ZCircularSettings = z.strictObject({
  issuer: ZText,
  addressees: ZText,
  preamble: ZText.optional(),
  copyTo: z.array(ZText).default([]),
  signature: ZText.optional(),
});

/** One day added to the national calendar, as a day off or as a working day. */
export const ZHolidayOverride = z.strictObject({ date: ZDate, name: ZText.optional() });

export const ZHolidays = z.strictObject({
  extra: z.array(ZHolidayOverride).default([]),
  workdays: z.array(ZHolidayOverride).default([]),
});

/** Overrides of one step of the guided weekly conversation. */
export const ZQuestionStep = z.strictObject({
  ask: z.boolean().optional(),
  optional: z.boolean().optional(),
  text: z.strictObject({ "zh-CN": ZText.optional(), en: ZText.optional() }).optional(),
});

export const QUESTION_STEPS = ["progress", "metrics", "status", "problems", "nextSteps"] as const;

export const ZQuestionOverrides = z.strictObject({
  progress: ZQuestionStep.optional(),
  metrics: ZQuestionStep.optional(),
  status: ZQuestionStep.optional(),
  problems: ZQuestionStep.optional(),
  nextSteps: ZQuestionStep.optional(),
});

/** A whole campaign file (version 1). Cross-references are checked separately. */
export const ZCampaignFile = z.strictObject({
  version: z.literal(1),
  campaign: ZCampaignHeader,
  units: z.array(ZCampaignUnit).min(1),
  members: z.array(ZCampaignMember).min(1),
  tasks: z.array(ZCampaignTask).min(1),
  schedule: ZCampaignSchedule,
  channels: z.array(ZCampaignChannel).default([]),
  circular: ZCircularSettings.optional(),
  holidays: ZHolidays.optional(),
  questions: ZQuestionOverrides.optional(),
});

/** Looks through optional, default and pipe wrappers to the schema that does the work. */
function innerSchema(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

/**
 * The keys a campaign file allows in the mapping at `path` (for "unknown key" messages).
 *
 * @example allowedKeysAt(["tasks", 0, "metrics", 2]) // ["key", "name", "unit", …]
 */
export function allowedKeysAt(path: readonly (string | number)[]): string[] {
  let current = innerSchema(ZCampaignFile);
  for (const segment of path) {
    let next: z.core.$ZodType | undefined;
    if (current instanceof z.ZodObject && typeof segment === "string") {
      next = current.shape[segment];
    }
    if (current instanceof z.ZodArray && typeof segment === "number") next = current.element;
    if (next === undefined) return [];
    current = innerSchema(next);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

export type CampaignFile = z.infer<typeof ZCampaignFile>;
/** What a campaign file may contain before defaults and normalisation. */
export type CampaignFileInput = z.input<typeof ZCampaignFile>;
export type CampaignHeader = z.infer<typeof ZCampaignHeader>;
export type CampaignUnit = z.infer<typeof ZCampaignUnit>;
export type CampaignMember = z.infer<typeof ZCampaignMember>;
export type LeaderScope = z.infer<typeof ZLeaderScope>;
export type CampaignTask = z.infer<typeof ZCampaignTask>;
export type CampaignMetric = z.infer<typeof ZCampaignMetric>;
export type CampaignMilestone = z.infer<typeof ZCampaignMilestone>;
export type CampaignChannel = z.infer<typeof ZCampaignChannel>;
export type CircularSettings = z.infer<typeof ZCircularSettings>;
export type HolidayOverride = z.infer<typeof ZHolidayOverride>;
export type CampaignHolidays = z.infer<typeof ZHolidays>;
export type QuestionStep = z.infer<typeof ZQuestionStep>;
export type QuestionOverrides = z.infer<typeof ZQuestionOverrides>;
export type { ScheduleEntry };
