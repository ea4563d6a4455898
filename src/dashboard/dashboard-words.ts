import type { Locale } from "../i18n/locales.js";
import { type PromptParams, t } from "../i18n/translate.js";

/** A translator bound to a locale, for keys of `prompts/<locale>/dashboard.yaml`. */
export type DashboardSay = (key: string, params?: PromptParams) => string;

export function dashboardSay(locale: Locale): DashboardSay {
  return (key, params) => t(locale, `dashboard.${key}`, params);
}
