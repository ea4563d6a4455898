import { z } from "zod";
import { campaignErrorKey } from "./campaign-fields.js";

/** Quiet hours as minutes of the day: from `start` (inclusive) to `end` (exclusive). */
export interface QuietHours {
  start: number;
  end: number;
}

/** The value that turns quiet hours off. */
export const NO_QUIET_HOURS = "none";

// `-` as written in the docs; `–`, `—` and `~` because that is how ranges get typed in Chinese text.
const RANGE = /^([01]?\d|2[0-3]):([0-5]\d)\s*[-–—~]\s*([01]?\d|2[0-3]):([0-5]\d)$/;

const pad = (value: string | undefined) => (value ?? "0").padStart(2, "0");

/**
 * Quiet hours as written in a campaign file: `"22:00-08:00"` (the range may cross midnight)
 * or `none`, normalised to `HH:MM-HH:MM` and `none`. A range that starts where it ends is
 * refused: it could mean all day or never.
 */
export const ZQuietHours = z
  .string({ error: campaignErrorKey("quietHours") })
  .transform((value, ctx) => {
    const text = value.trim();
    if (text.toLowerCase() === NO_QUIET_HOURS) return NO_QUIET_HOURS;
    const match = RANGE.exec(text);
    if (!match) {
      ctx.addIssue({ code: "custom", message: campaignErrorKey("quietHours"), input: value });
      return z.NEVER;
    }
    const [start, end] = [`${pad(match[1])}:${match[2]}`, `${pad(match[3])}:${match[4]}`];
    if (start === end) {
      ctx.addIssue({ code: "custom", message: campaignErrorKey("quietHoursEmpty"), input: value });
      return z.NEVER;
    }
    return `${start}-${end}`;
  });

/**
 * A normalised quiet-hours value as minutes of the day, or `undefined` for `none`.
 *
 * @example parseQuietHours("22:00-08:00") // { start: 1320, end: 480 }
 */
export function parseQuietHours(value: string): QuietHours | undefined {
  if (value === NO_QUIET_HOURS) return undefined;
  const match = RANGE.exec(value);
  if (!match)
    throw new RangeError(`Not quiet hours (HH:MM-HH:MM or none): ${JSON.stringify(value)}`);
  const minutes = (hours?: string, mins?: string) => Number(hours) * 60 + Number(mins);
  return { start: minutes(match[1], match[2]), end: minutes(match[3], match[4]) };
}
