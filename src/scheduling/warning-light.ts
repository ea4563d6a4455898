/**
 * A milestone's warning light, as 督办 offices mark them: green while on track, yellow when it
 * is due within the warning window and not done, red when overdue.
 */
export type WarningLight = "green" | "yellow" | "red";

/** The light of an open milestone `daysLeft` days before its due day (negative: overdue). */
export function warningLight(daysLeft: number, warningDays: number): WarningLight {
  if (daysLeft < 0) return "red";
  return daysLeft <= warningDays ? "yellow" : "green";
}

/** The light as a symbol chat shows in every client. */
export const LIGHT_SYMBOL: Readonly<Record<WarningLight, string>> = {
  green: "🟢",
  yellow: "🟡",
  red: "🔴",
};
