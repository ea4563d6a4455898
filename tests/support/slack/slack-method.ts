/** What a fake Web API method is: which bodies it reads, what it requires, how it answers. */
import type { FakeSlackState } from "./fake-slack-state.js";

export type Args = Record<string, unknown>;

/** A Web API answer body: `ok` plus either the result fields or `error`. */
export interface SlackAnswer {
  ok: boolean;
  error?: string;
  [key: string]: unknown;
}

export interface SlackMethod {
  /**
   * Slack reads JSON bodies only for write methods; read methods (users.info, auth.test…) take
   * form or query arguments and ignore a JSON body, so an app posting JSON to them loses its
   * arguments there too.
   */
  acceptsJson: boolean;
  /** Which token the method takes: the bot's (default) or the app-level one (`xapp-…`). */
  token?: "bot" | "app";
  /** Arguments whose absence answers invalid_arguments before the handler runs. */
  required?: readonly string[];
  handle(args: Args, state: FakeSlackState): SlackAnswer;
}

export function refuse(error: string, messages?: readonly string[]): SlackAnswer {
  return messages && messages.length > 0
    ? { ok: false, error, response_metadata: { messages: [...messages] } }
    : { ok: false, error };
}
