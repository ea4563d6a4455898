/**
 * One Web API call, end to end: the method's arguments from the query and body, the token
 * check, scripted rate limits and failures, required arguments, then the method itself.
 */
import { CHAT_METHODS } from "./chat-methods.js";
import type { FakeSlackState } from "./fake-slack-state.js";
import { FILE_METHODS, type PlainAnswer } from "./file-methods.js";
import type { PostedBody } from "./request-body.js";
import { type Args, refuse, type SlackAnswer, type SlackMethod } from "./slack-method.js";
import { VIEW_METHODS } from "./view-methods.js";
import { WORKSPACE_METHODS } from "./workspace-methods.js";

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  /** When the request arrived (epoch ms). */
  at: number;
  status: number;
  ok: boolean;
  error?: string;
  response: SlackAnswer;
}

const METHODS: Record<string, SlackMethod> = {
  ...CHAT_METHODS,
  ...WORKSPACE_METHODS,
  ...VIEW_METHODS,
  ...FILE_METHODS,
};

export interface IncomingCall {
  method: string;
  query: URLSearchParams;
  posted: PostedBody;
  authorization: string | undefined;
  at: number;
}

/**
 * The next `times` calls answer 429 with `Retry-After: retryAfterSeconds`. With `window`, as
 * Slack does, every call in the Retry-After that follows such a 429 is refused as well.
 */
export interface RateLimit {
  times: number;
  retryAfterSeconds: number;
  window?: boolean;
}

export class WebApiDispatcher {
  private readonly rateLimits = new Map<string, RateLimit>();
  /** Per method, until when (epoch ms) a window's 429 refuses every call. */
  private readonly limitedUntil = new Map<string, number>();
  private readonly failures = new Map<string, string[]>();

  constructor(private readonly state: FakeSlackState) {}

  rateLimit(method: string, limit: RateLimit): void {
    this.rateLimits.set(method, { ...limit });
    this.limitedUntil.delete(method);
  }

  /** The seconds a call to `method` now must wait, or undefined when it may go. */
  private retryAfter(method: string): number | undefined {
    const until = this.limitedUntil.get(method);
    if (until !== undefined && Date.now() < until) return Math.ceil((until - Date.now()) / 1000);
    const rate = this.rateLimits.get(method);
    if (!rate || rate.times <= 0) return undefined;
    rate.times -= 1;
    if (rate.window) this.limitedUntil.set(method, Date.now() + rate.retryAfterSeconds * 1000);
    return rate.retryAfterSeconds;
  }

  failNext(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  call(incoming: IncomingCall): { answer: PlainAnswer; recorded: RecordedCall } {
    const { method, posted } = incoming;
    const spec = METHODS[method];
    // Read methods ignore a JSON body: their arguments come from the query or a form.
    const bodyArgs = posted.kind === "json" && !(spec?.acceptsJson ?? true) ? {} : posted.fields;
    const args: Args = { ...Object.fromEntries(incoming.query), ...bodyArgs };
    let status = 200;
    const headers: Record<string, string> = {};
    let response: SlackAnswer;
    const authError = this.authError(incoming.authorization, posted, spec?.token ?? "bot");
    const retryAfter = spec && !posted.badJson && !authError ? this.retryAfter(method) : undefined;
    if (!spec) {
      response = { ok: false, error: "unknown_method", req_method: method };
    } else if (posted.badJson) {
      response = refuse("invalid_json");
    } else if (authError) {
      response = refuse(authError);
    } else if (retryAfter !== undefined) {
      status = 429;
      headers["retry-after"] = String(retryAfter);
      response = refuse("ratelimited");
    } else {
      const failure = this.failures.get(method)?.shift();
      response = failure
        ? refuse(failure)
        : (missingArgument(spec, args) ?? spec.handle(args, this.state));
    }
    const recorded: RecordedCall = {
      method,
      args,
      at: incoming.at,
      status,
      ok: response.ok,
      ...(response.error ? { error: response.error } : {}),
      response,
    };
    const answer = {
      status,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify(response),
      headers,
    };
    return { answer, recorded };
  }

  /**
   * Slack takes the token from the Authorization header, or from a `token` form field; never
   * from a JSON body or (for apps made since 2021) the query. None at all is not_authed, a
   * wrong one invalid_auth, the app's other token (bot for app-level) not_allowed_token_type.
   */
  private authError(
    authorization: string | undefined,
    posted: PostedBody,
    kind: "bot" | "app",
  ): string | undefined {
    const bearer = authorization?.startsWith("Bearer ")
      ? authorization.slice("Bearer ".length)
      : undefined;
    const formToken =
      posted.kind !== "json" && typeof posted.fields.token === "string"
        ? posted.fields.token
        : undefined;
    const token = bearer ?? formToken ?? (authorization === undefined ? undefined : "");
    if (token === undefined) return "not_authed";
    const [wanted, other] =
      kind === "app"
        ? [this.state.appToken, this.state.botToken]
        : [this.state.botToken, this.state.appToken];
    if (token === wanted) return undefined;
    return token === other ? "not_allowed_token_type" : "invalid_auth";
  }
}

function missingArgument(spec: SlackMethod, args: Args): SlackAnswer | undefined {
  const missing = (spec.required ?? []).filter(
    (key) => args[key] === undefined || args[key] === "",
  );
  if (missing.length === 0) return undefined;
  return refuse(
    "invalid_arguments",
    missing.map((key) => `[ERROR] missing required field: ${key}`),
  );
}
