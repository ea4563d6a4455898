import { z } from "zod";

/** The prompt key of a campaign-file error (`campaign.errors.<name>`). */
export function campaignErrorKey(name: string): string {
  return `campaign.errors.${name}`;
}

/** Non-empty text, trimmed. */
export const ZText = z.string().trim().min(1);

/** The problem with a `YYYY-MM-DD` date string, or undefined when it is a real calendar day. */
export function dateProblem(value: string): "date" | "dateNotReal" | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return "date";
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? undefined : "dateNotReal";
}

/** A calendar date `YYYY-MM-DD`, kept as a string. */
export const ZDate = z.string({ error: campaignErrorKey("date") }).superRefine((value, ctx) => {
  const problem = dateProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: campaignErrorKey(problem), input: value });
});
