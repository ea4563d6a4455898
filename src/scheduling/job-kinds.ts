/**
 * The jobs the scheduler runs, in the order jobs due at the same instant are listed and run:
 * the week's prompt before its reminders, the close before the digest that reports it.
 */
export const JOB_KINDS = [
  "prompt",
  "remind",
  "close",
  "milestone",
  "deadline",
  "digest",
  "housekeeping",
] as const;

/** One of {@link JOB_KINDS}. */
export type JobKind = (typeof JOB_KINDS)[number];
