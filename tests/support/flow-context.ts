import type { Locale } from "../../src/i18n/locales.js";
import { t } from "../../src/i18n/translate.js";
import type { FlowContext } from "../../src/reporting/flow-types.js";

/**
 * A report flow context speaking `locale` through the real catalogs, as the chat service
 * builds it; `extra` sets the campaign's question overrides or a passed deadline.
 *
 * @example flowContext("zh-CN", { pastDeadline: true })
 */
export function flowContext(
  locale: Locale,
  extra: Omit<Partial<FlowContext>, "locale"> = {},
): FlowContext {
  return { locale, translate: t, ...extra };
}
