import type { PromptParams } from "../i18n/translate.js";

/** Codes of the errors people may see; each is also a prompt key under `errors.`. */
export const APP_ERROR_CODES = [
  "notRegistered",
  "inviteUnknown",
  "inviteExpired",
  "inviteUsed",
  "inviteOtherPlatform",
  "alreadyBound",
  "noTasks",
  "noOpenConversation",
  "unknownCommand",
  "privateChatOnly",
  "internal",
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/**
 * The one error a use case throws on purpose. `code` selects the message people read
 * (`errors.<code>` in their own language, filled with `params`); `message` is for logs
 * and never shown.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly params: PromptParams;

  constructor(
    code: AppErrorCode,
    options: { params?: PromptParams; message?: string; cause?: unknown } = {},
  ) {
    super(options.message ?? code, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.params = options.params ?? {};
  }

  /** The prompt key of the message people see. */
  get promptKey(): string {
    return `errors.${this.code}`;
  }
}

/** Any thrown value as an AppError: unknown failures become `internal`, keeping the cause. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal", { message: String(error), cause: error });
}
