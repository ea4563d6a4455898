import type { TaskAnswers } from "./report-conversation-state.js";

/** The answers as a report shows them: what a revision would change, nothing else. */
function visible(answers: TaskAnswers) {
  const metrics = Object.keys(answers.metrics)
    .sort()
    .map((metricId) => {
      const answer = answers.metrics[metricId];
      // The figure counts, not how it was typed: "67处" and "67" are one value.
      return [metricId, answer && "value" in answer ? answer.value : "skipped"];
    });
  return {
    progressItems: answers.progressItems,
    metrics,
    health: answers.health ?? null,
    blockedReason: answers.health === "blocked" ? (answers.blockedReason ?? null) : null,
    problems: answers.problems ?? null,
    nextSteps: answers.nextSteps ?? null,
  };
}

/**
 * True when two sets of answers would show the same report: submitting one over the other
 * would make a revision that changes nothing.
 *
 * @example sameAnswers(submitted, edited) // false once any answer differs
 */
export function sameAnswers(a: TaskAnswers, b: TaskAnswers): boolean {
  return JSON.stringify(visible(a)) === JSON.stringify(visible(b));
}
