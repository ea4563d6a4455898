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

export class WebApiDispatcher {
  private readonly rateLimits = new Map<string, { times: number; retryAfterSeconds: number }>();
  private readonly failures = new Map<string, string[]>();

  constructor(private readonly state: FakeSlackState) {}

  rateLimit(method: string, limit: { times: number; retryAfterSeconds: number }): void {
    this.rateLimits.set(method, { ...limit });
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
    const rate = this.rateLimits.get(method);
    const authError = this.authError(incoming.authorization, posted, spec?.token ?? "bot");
    if (!spec) {
      response = { ok: false, error: "unknown_method", req_method: method };
    } else if (posted.badJson) {
      response = refuse("invalid_json");
    } else if (authError) {
      response = refuse(authError);
    } else if (rate && rate.times > 0) {
      rate.times -= 1;
      status = 429;
      headers["retry-after"] = String(rate.retryAfterSeconds);
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
