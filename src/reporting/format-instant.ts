import type { Locale } from "../i18n/locales.js";

/**
 * A deadline as people read it, in the campaign's time zone: "6月13日（周一）12:00" or
 * "Mon 13 Jun, 12:00".
 */
export function formatInstant(
  instant: Date,
  options: { locale: Locale; timeZone: string },
): string {
  const parts = (opts: Intl.DateTimeFormatOptions, locale: string) =>
    Object.fromEntries(
      new Intl.DateTimeFormat(locale, { timeZone: options.timeZone, ...opts })
        .formatToParts(instant)
        .map((part) => [part.type, part.value]),
    ) as Record<string, string>;
  const clock = parts({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, "en-GB");
  const time = `${clock.hour}:${clock.minute}`;
  if (options.locale === "zh-CN") {
    const day = parts({ month: "numeric", day: "numeric", weekday: "short" }, "zh-CN");
    return `${day.month}月${day.day}日（${day.weekday}）${time}`;
  }
  const day = parts({ month: "short", day: "numeric", weekday: "short" }, "en-GB");
  return `${day.weekday} ${day.day} ${day.month}, ${time}`;
}
