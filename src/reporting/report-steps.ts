import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import type {
  ReportStep,
  SnapshotMetric,
  SnapshotTask,
  TaskAnswers,
} from "./report-conversation-state.js";

/** A place in one task's questions; `metricIndex` matters at the `metric` step only. */
export interface StepPosition {
  step: ReportStep;
  metricIndex: number;
}

/** Which steps the campaign asks and which may be left empty, after its overrides. */
export interface StepRules {
  ask: {
    progress: boolean;
    metrics: boolean;
    status: boolean;
    problems: boolean;
    nextSteps: boolean;
  };
  optional: { progress: boolean; status: boolean; problems: boolean; nextSteps: boolean };
  /** `questions.metrics.optional: true` makes every metric optional; else each metric's flag. */
  allMetricsOptional: boolean;
}

/**
 * The rules of a campaign's `questions` overrides. Defaults: everything is asked; progress
 * and status are required; problems and next steps may be answered "none".
 */
export function stepRules(questions: QuestionOverrides | undefined): StepRules {
  const ask = (step: keyof QuestionOverrides) => questions?.[step]?.ask ?? true;
  const optional = (step: keyof QuestionOverrides, fallback: boolean) =>
    questions?.[step]?.optional ?? fallback;
  return {
    ask: {
      progress: ask("progress"),
      metrics: ask("metrics"),
      status: ask("status"),
      problems: ask("problems"),
      nextSteps: ask("nextSteps"),
    },
    optional: {
      progress: optional("progress", false),
      status: optional("status", false),
      problems: optional("problems", true),
      nextSteps: optional("nextSteps", true),
    },
    allMetricsOptional: questions?.metrics?.optional === true,
  };
}

/** Whether a metric may be skipped. */
export function metricIsOptional(metric: SnapshotMetric, rules: StepRules): boolean {
  return metric.optional || rules.allMetricsOptional;
}

const at = (step: ReportStep, metricIndex = 0): StepPosition => ({ step, metricIndex });

/** One task as the step rules see it: what is asked, what is answered, the campaign's rules. */
export interface TaskView {
  task: SnapshotTask;
  answers: TaskAnswers;
  rules: StepRules;
}

/**
 * The questions of one task in order, ending with the review card. `blockedReason` follows
 * `status` only while the answers say the task is blocked.
 */
export function reportSteps({ task, answers, rules }: TaskView): StepPosition[] {
  const steps: StepPosition[] = [];
  if (rules.ask.progress) steps.push(at("progress"));
  if (rules.ask.metrics) steps.push(...task.metrics.map((_, index) => at("metric", index)));
  if (rules.ask.status) {
    steps.push(at("status"));
    if (answers.health === "blocked") steps.push(at("blockedReason"));
  }
  if (rules.ask.problems) steps.push(at("problems"));
  if (rules.ask.nextSteps) steps.push(at("nextSteps"));
  steps.push(at("review"));
  return steps;
}

const samePosition = (a: StepPosition, b: StepPosition): boolean =>
  a.step === b.step && (a.step !== "metric" || a.metricIndex === b.metricIndex);

/** The step after `current` (the review card when `current` is last or unknown). */
export function nextPosition(view: TaskView, current: StepPosition): StepPosition {
  const steps = reportSteps(view);
  const index = steps.findIndex((position) => samePosition(position, current));
  return (index >= 0 ? steps[index + 1] : undefined) ?? at("review");
}

/** True when the step holds an answer (possibly "none" or skipped). */
function isAnswered(position: StepPosition, { task, answers }: TaskView): boolean {
  switch (position.step) {
    case "progress":
      return answers.progressItems.length > 0;
    case "metric": {
      const metric = task.metrics[position.metricIndex];
      return metric === undefined || answers.metrics[metric.metricId] !== undefined;
    }
    case "status":
      return answers.health !== undefined;
    case "blockedReason":
      return (answers.blockedReason ?? "").trim() !== "";
    case "problems":
      return answers.problems !== undefined;
    case "nextSteps":
      return answers.nextSteps !== undefined;
    default:
      return true;
  }
}

/** True when a required step has no usable answer (what blocks a submit). */
function isMissing(position: StepPosition, view: TaskView): boolean {
  const { task, answers, rules } = view;
  switch (position.step) {
    case "progress":
      return !rules.optional.progress && answers.progressItems.length === 0;
    case "metric": {
      const metric = task.metrics[position.metricIndex];
      if (metric === undefined || metricIsOptional(metric, rules)) return false;
      const answer = answers.metrics[metric.metricId];
      return answer === undefined || "skipped" in answer;
    }
    case "status":
      return !rules.optional.status && answers.health === undefined;
    case "problems":
      return !rules.optional.problems && !answers.problems;
    case "nextSteps":
      return !rules.optional.nextSteps && !answers.nextSteps;
    default:
      return !isAnswered(position, view);
  }
}

/** Where a resumed draft continues: the first step not answered yet, else the review card. */
export function firstUnanswered(view: TaskView): StepPosition {
  return reportSteps(view).find((position) => !isAnswered(position, view)) ?? at("review");
}

/** The first required step without an answer, or `undefined` when the task can be submitted. */
export function firstMissingRequired(view: TaskView): StepPosition | undefined {
  return reportSteps(view).find(
    (position) => position.step !== "review" && isMissing(position, view),
  );
}
