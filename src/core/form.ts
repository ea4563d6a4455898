import type { RichText } from "./reply.js";

/**
 * A form the person fills in at once instead of answering step by step (Slack: a modal
 * opened with `views.open`). Platform-neutral: the adapter renders the fields and returns
 * what was typed as an `Incoming` of kind `form` with each field's text by `id`.
 */
export interface Form {
  /** Comes back with the submission; at most 2,000 characters. */
  id: string;
  /** Short: Slack shows at most 24 characters. */
  title: string;
  submitLabel: string;
  closeLabel: string;
  /** Shown above the fields (the task, the week, the deadline). */
  intro?: RichText;
  fields: FormField[];
}

/** One field. `id` is unique in its form and at most 200 characters. */
export interface FormField {
  id: string;
  label: string;
  /** A short hint under the field (the unit, last week's figure, "one item per line"). */
  hint?: string;
  /** `choice`: one of `options`; `text`: one line; `multiline`: several lines. */
  kind: "text" | "multiline" | "choice";
  optional: boolean;
  /** The value filled in when the form opens (a draft's answer). */
  initial?: string;
  options?: FormOption[];
  maxLength?: number;
}

export interface FormOption {
  label: string;
  value: string;
}

/** A field the person must correct, with what to do, in their language. */
export type FormErrors = Record<string, string>;
