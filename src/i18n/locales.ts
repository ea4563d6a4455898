import { z } from "zod";

/** Locales duban speaks; zh-CN is the default voice. */
export const SUPPORTED_LOCALES = ["zh-CN", "en"] as const;
export const ZLocale = z.enum(SUPPORTED_LOCALES);
export type Locale = z.infer<typeof ZLocale>;
export const DEFAULT_LOCALE: Locale = "zh-CN";

/** Maps loose spellings (`en_US.UTF-8`, `zh`, `zh-Hans`) to a supported locale, or undefined. */
export function normaliseLocale(value: string | undefined | null): Locale | undefined {
  if (!value) return undefined;
  const lower = value.toLowerCase();
  if (lower.startsWith("zh")) return "zh-CN";
  if (lower.startsWith("en")) return "en";
  return undefined;
}
