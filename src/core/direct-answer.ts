import type { Locale } from "../i18n/locales.js";
import type { Form, FormErrors } from "./form.js";
import type { Reply } from "./reply.js";

/**
 * What the core answers synchronously, for the adapter to show at once rather than through
 * the outbox: Slack needs an immediate answer for an ephemeral slash-command reply, a modal
 * (its trigger expires in 3 s) and a modal's field errors. Everything else the core says is
 * queued in the outbox as usual, in the same transaction.
 *
 * - `none`: nothing to show at once (the replies, if any, were queued).
 * - `replies`: show these to the person only, now (asked for with `respond: "direct"`).
 * - `openForm`: open this form now.
 * - `formErrors`: the form just submitted was not saved; show these errors on its fields.
 * - `formDone`: the form was saved; close it.
 *
 * `locale` is the person's language, for anything the adapter says itself.
 */
export type DirectAnswer = (
  | { kind: "none" }
  | { kind: "replies"; replies: Reply[] }
  | { kind: "openForm"; form: Form }
  | { kind: "formErrors"; errors: FormErrors }
  | { kind: "formDone" }
) & { locale?: Locale };

export const NO_DIRECT_ANSWER: DirectAnswer = { kind: "none" };
