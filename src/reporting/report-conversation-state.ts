import { z } from "zod";
import { METRIC_KINDS } from "../domain/metric-value-rules.js";

/**
 * The stored shape of a guided weekly-report conversation. The persistence layer keeps
 * {@link ZReportConversationState} as JSON in `Conversation.answers` and validates it on
 * read; {@link ZReportSnapshot} is taken when the conversation starts, so the transition
 * never reads the database and a campaign edited mid-week cannot break an open conversation.
 */

/** The version of the state below; a stored state of another version is discarded. */
export const REPORT_FLOW_VERSION = 1;

/** Mirrors the `TaskHealth` enum of the Prisma schema. */
export const TASK_HEALTH = ["on_track", "at_risk", "blocked"] as const;
export const ZTaskHealth = z.enum(TASK_HEALTH);
export type TaskHealth = z.infer<typeof ZTaskHealth>;

/** Canonical decimal text, as `parseReportedNumber` returns it ("67", "-3.2640"). */
const ZDecimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

/**
 * A metric as asked: its unit, whether it may be skipped, the values it allows (its kind and
 * bounds; a conversation stored before metrics had kinds has none, and only the storage limit
 * applies to it), last period's value for the hint.
 */
export const ZSnapshotMetric = z.object({
  metricId: z.string().min(1),
  name: z.string().min(1),
  unit: z.string().min(1).optional(),
  optional: z.boolean(),
  kind: z.enum(METRIC_KINDS).optional(),
  min: ZDecimalText.optional(),
  max: ZDecimalText.optional(),
  /** Decimal text of the last period's value, shown in the question ("上期为 67 处"). */
  lastValue: ZDecimalText.optional(),
});
export type SnapshotMetric = z.infer<typeof ZSnapshotMetric>;

/** One metric's answer: the normalised decimal and what was typed, or skipped on purpose. */
export const ZMetricAnswer = z.union([
  z.object({ value: ZDecimalText, raw: z.string() }),
  z.object({ skipped: z.literal(true) }),
]);
export type MetricAnswer = z.infer<typeof ZMetricAnswer>;

/**
 * The answers for one task. For `problems` and `nextSteps`, `null` means answered "none"
 * and absent means not asked yet: a resumed draft starts at the first step not asked.
 */
export const ZTaskAnswers = z.object({
  progressItems: z.array(z.string()),
  /** metricId → answer; a metric without an entry has not been answered. */
  metrics: z.record(z.string(), ZMetricAnswer),
  health: ZTaskHealth.optional(),
  /** Required when `health` is `blocked`. */
  blockedReason: z.string().optional(),
  problems: z.string().nullable().optional(),
  nextSteps: z.string().nullable().optional(),
});
export type TaskAnswers = z.infer<typeof ZTaskAnswers>;

/** The member's last submitted report for a task, for "same as last week" and hints. */
export const ZPreviousReport = z.object({
  progressItems: z.array(z.string()),
  health: ZTaskHealth.optional(),
  blockedReason: z.string().optional(),
  problems: z.string().optional(),
  nextSteps: z.string().optional(),
});
export type PreviousReport = z.infer<typeof ZPreviousReport>;

/**
 * A report of THIS period that already exists: a `draft` resumes at its first unanswered
 * step, a `submitted` one opens on the review card (a correction). `correction` holds the
 * changes to a submitted report that were not submitted yet (the member paused an edit).
 */
export const ZExistingReport = z.object({
  state: z.enum(["draft", "submitted"]),
  answers: ZTaskAnswers,
  correction: ZTaskAnswers.optional(),
});
export type ExistingReport = z.infer<typeof ZExistingReport>;

/** A task the member reports on in this conversation. */
export const ZSnapshotTask = z.object({
  taskId: z.string().min(1),
  number: z.int().min(1),
  title: z.string().min(1),
  metrics: z.array(ZSnapshotMetric),
  previous: ZPreviousReport.optional(),
  existing: ZExistingReport.optional(),
});
export type SnapshotTask = z.infer<typeof ZSnapshotTask>;

/** Everything the conversation asks about, fixed when it starts. */
export const ZReportSnapshot = z
  .object({
    campaignId: z.string().min(1),
    campaignTitle: z.string().min(1),
    /** Period id, e.g. ISO week `2022-W23`. */
    period: z.string().min(1),
    /** Pre-formatted by the caller, e.g. "2022-06-06 – 2022-06-12". */
    periodLabel: z.string().min(1),
    /** Pre-formatted deadline, e.g. "6月13日（周一）9:00". */
    deadline: z.string().min(1),
    tasks: z.array(ZSnapshotTask),
  })
  .superRefine((snapshot, ctx) => {
    snapshot.tasks.forEach((task, index) => {
      const ids = task.metrics.map((metric) => metric.metricId);
      if (new Set(ids).size !== ids.length) {
        ctx.addIssue({
          code: "custom",
          message: "metric ids of a task must be unique",
          path: ["tasks", index, "metrics"],
        });
      }
    });
  });
export type ReportSnapshot = z.infer<typeof ZReportSnapshot>;

/**
 * Where the conversation stands. `blockedReason` follows `status` when the task is blocked;
 * `closed` is the state after the last submit or a cancel (any input then gets a hint).
 */
export const REPORT_STEPS = [
  "progress",
  "metric",
  "status",
  "blockedReason",
  "problems",
  "nextSteps",
  "review",
  "closed",
] as const;
export const ZReportStep = z.enum(REPORT_STEPS);
export type ReportStep = z.infer<typeof ZReportStep>;

/** Steps whose answer is free text: a long one may reach us in several parts. */
export const ZTextStep = z.enum(["progress", "blockedReason", "problems", "nextSteps"]);

/**
 * The last typed answer, while it is still the latest thing the member answered: a part
 * following it at once continues it, and an edit of its message replaces it.
 */
export const ZLastAnswer = z.object({
  /** When it arrived (ISO instant) and how long it was, in UTF-16 units as platforms count. */
  at: z.string(),
  length: z.int().min(0),
  messageId: z.string().max(64).optional(),
  taskIndex: z.int().min(0),
  step: z.union([ZTextStep, z.literal("metric")]),
  metricIndex: z.int().min(0),
  /** Progress only: the items this message became, and whether it was read as a list. */
  items: z
    .object({ start: z.int().min(0), count: z.int().min(0), multiLine: z.boolean() })
    .optional(),
  /** How many messages the answer came in (a split text is several). */
  parts: z.int().min(1),
  /** Its replies wait a moment for more parts before they are sent. */
  held: z.boolean(),
  /** Set by the caller: which queued replies are held (their outbox key prefix). */
  heldReplies: z.string().max(300).optional(),
});
export type LastAnswer = z.infer<typeof ZLastAnswer>;

/** The whole conversation state, stored after every transition. */
export const ZReportConversationState = z
  .object({
    flowVersion: z.literal(REPORT_FLOW_VERSION),
    snapshot: ZReportSnapshot,
    taskIndex: z.int().min(0),
    step: ZReportStep,
    /** Index into the current task's metrics; meaningful at the `metric` step only. */
    metricIndex: z.int().min(0),
    /**
     * Progress items received since the progress question was last asked: the first
     * message of a round may hold several lines, and an edit replaces the old items only
     * once a new one arrives (so an accidental "edit" loses nothing).
     */
    itemsThisRound: z.int().min(0),
    /** One entry per snapshot task, in the same order. */
    answers: z.array(ZTaskAnswers),
    /** The current step is an edit from the review card: go back to it afterwards. */
    returnToReview: z.boolean(),
    /** Carried by every button; bumped whenever the question changes, so stale taps are ignored. */
    nonce: z.int().min(0).max(Number.MAX_SAFE_INTEGER),
    /**
     * The data of the last button acted on: a second tap on it is a double tap ("already
     * done"), while any other old button did nothing and the member must be told so.
     */
    handledButton: z.string().max(64).optional(),
    lastAnswer: ZLastAnswer.optional(),
  })
  .superRefine((state, ctx) => {
    const tasks = state.snapshot.tasks;
    if (state.answers.length !== tasks.length) {
      ctx.addIssue({ code: "custom", message: "one answers entry per task", path: ["answers"] });
    }
    if (state.step === "closed") return;
    const task = tasks[state.taskIndex];
    if (!task) {
      ctx.addIssue({ code: "custom", message: "no such task", path: ["taskIndex"] });
    } else if (state.step === "metric" && state.metricIndex >= task.metrics.length) {
      ctx.addIssue({ code: "custom", message: "no such metric", path: ["metricIndex"] });
    }
  });
export type ReportConversationState = z.infer<typeof ZReportConversationState>;
