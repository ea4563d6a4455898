import { isRecord } from "../../core/is-record.js";
/**
 * The example campaign as the try-out loads it. Pure.
 *
 * - Its dates move to `year` (the caller passes the current year, or the campaign's own when
 *   that is later), by whole years (milestones, quarterly deadlines and their quarters,
 *   holidays, leave), so a 2022 campaign is not four years overdue.
 * - Its week is open all week: the prompt on Monday 09:00, a reminder on Thursday, the close
 *   on Sunday 20:00, the digest on Monday 10:00, none of them moved for days off. With the file's own schedule a visitor on a
 *   Wednesday would report a week already closed, and be told it is late.
 * - Nobody is bound on Telegram or Slack, and there are no leadership channels: in the
 *   try-out only the web chat runs, and messages for other platforms would wait forever.
 */
export function tryoutCampaign(document: unknown, options: { year: number }): unknown {
  if (!isRecord(document) || !isRecord(document.campaign)) return document;
  const from = document.campaign.year;
  const shift = typeof from === "number" ? options.year - from : 0;
  const moved = shiftYears(document, shift);
  if (!isRecord(moved) || !isRecord(moved.campaign)) return moved;
  const schedule = isRecord(moved.schedule) ? moved.schedule : {};
  return {
    ...moved,
    campaign: { ...moved.campaign, year: options.year },
    members: Array.isArray(moved.members) ? moved.members.map(unbound) : moved.members,
    schedule: {
      ...schedule,
      prompt: { day: "monday", time: "09:00" },
      reminders: [{ day: "thursday", time: "16:00" }],
      close: { day: "sunday", time: "20:00" },
      digest: { day: "monday", time: "10:00" },
      // A Sunday close would move to Monday as a day off: the week must end when it says.
      skipHolidays: false,
    },
    channels: [],
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const QUARTER = /^(\d{4})(Q[1-4])$/;

/** Every date (`2022-05-31`) and quarter (`2022Q2`) string in `value`, `years` later. */
export function shiftYears(value: unknown, years: number): unknown {
  if (years === 0) return value;
  if (typeof value === "string") {
    const date = DATE.exec(value);
    if (date) {
      const year = Number(date[1]) + years;
      const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
      // 29 February of a leap year becomes the 28th in a year without one.
      const day = date[2] === "02" && date[3] === "29" && !leap ? "28" : date[3];
      return `${year}-${date[2]}-${day}`;
    }
    const quarter = QUARTER.exec(value);
    return quarter ? `${Number(quarter[1]) + years}${quarter[2]}` : value;
  }
  if (Array.isArray(value)) return value.map((item) => shiftYears(item, years));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftYears(v, years)]));
  }
  return value;
}

function unbound(member: unknown): unknown {
  if (!isRecord(member)) return member;
  const { telegram: _telegram, slack: _slack, email: _email, prefer: _prefer, ...rest } = member;
  return rest;
}
