import type { Hono } from "hono";
import type { WebMessageView } from "../../src/platforms/web/web-message-body.js";

/** A page of the try-out chat talking to the API (`app.request`, or `fetch` on a server). */
export class WebTryoutClient {
  cookie = "";
  cursor = "0";
  /** Every message seen, by id, in its latest revision. */
  readonly messages = new Map<string, WebMessageView>();
  private nextId = 0;

  constructor(
    private readonly send: (path: string, init: RequestInit) => Promise<Response>,
    private readonly origin = "http://localhost",
  ) {}

  static forApp(app: Hono, origin = "http://localhost"): WebTryoutClient {
    return new WebTryoutClient(async (path, init) => app.request(`${origin}${path}`, init), origin);
  }

  static forServer(url: string): WebTryoutClient {
    return new WebTryoutClient((path, init) => fetch(`${url}${path}`, init), url);
  }

  request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const { json, ...rest } = init;
    if (json !== undefined) {
      headers.set("content-type", "application/json");
      if (!headers.has("origin")) headers.set("origin", this.origin);
      if (!headers.has("sec-fetch-site")) headers.set("sec-fetch-site", "same-origin");
    }
    return this.send(path, {
      ...rest,
      headers,
      ...(json !== undefined ? { method: rest.method ?? "POST", body: JSON.stringify(json) } : {}),
    });
  }

  async choose(memberKey: string): Promise<Response> {
    const response = await this.request("/tryout/api/session", { json: { memberKey } });
    const cookie = response.headers.get("set-cookie")?.split(";")[0];
    if (cookie) this.cookie = cookie;
    return response;
  }

  clientId(): string {
    this.nextId += 1;
    return `test-${Date.now().toString(36)}-${this.nextId}`;
  }

  say(text: string, clientId = this.clientId()): Promise<Response> {
    return this.request("/tryout/api/messages", { json: { clientId, text } });
  }

  press(messageId: string, data: string, clientId = this.clientId()): Promise<Response> {
    return this.request("/tryout/api/choices", { json: { clientId, messageId, data } });
  }

  /** Reads what is new after the cursor (waiting up to `wait` seconds) and moves the cursor. */
  async poll(wait = 0): Promise<WebMessageView[]> {
    const response = await this.request(`/tryout/api/messages?after=${this.cursor}&wait=${wait}`);
    if (response.status !== 200)
      throw new Error(`poll: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { messages: WebMessageView[]; cursor: string };
    this.cursor = page.cursor;
    for (const message of page.messages) this.messages.set(message.id, message);
    return page.messages;
  }

  /** Polls (long polls of 5 s) until `check` finds something; fails after `rounds` polls. */
  async until<T>(check: () => T | undefined, what: string, rounds = 20): Promise<T> {
    for (let round = 0; round < rounds; round += 1) {
      const found = check();
      if (found !== undefined) return found;
      await this.poll(round === 0 ? 0 : 5);
    }
    const found = check();
    if (found !== undefined) return found;
    throw new Error(`${what} not seen:\n${this.transcript()}`);
  }

  /** Polls until a bot message matching `pattern` is seen. */
  waitForBot(pattern: RegExp, rounds = 20): Promise<WebMessageView> {
    const check = () =>
      [...this.messages.values()].find(
        (message) => message.direction === "bot" && pattern.test(textOf(message)),
      );
    return this.until(check, `a bot message matching ${pattern}`, rounds);
  }

  /** The bot's latest message with a button whose data matches `pattern`. */
  buttonOf(pattern: RegExp): { messageId: string; data: string; label: string } {
    const all = [...this.messages.values()].sort((a, b) => Number(b.id) - Number(a.id));
    for (const message of all) {
      if (message.body.kind !== "text") continue;
      for (const button of (message.body.buttons ?? []).flat()) {
        if (pattern.test(button.data) || pattern.test(button.label)) {
          return { messageId: message.id, ...button };
        }
      }
    }
    throw new Error(`no button matching ${pattern}:\n${this.transcript()}`);
  }

  transcript(): string {
    return [...this.messages.values()]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((message) => `${message.direction}#${message.id}: ${textOf(message)}`)
      .join("\n");
  }
}

/** What a message shows, as plain text (buttons as `[label]`). */
export function textOf(message: WebMessageView): string {
  const { body } = message;
  if (body.kind === "choice") return `(${body.label})`;
  if (body.kind === "file") return `<file ${body.file.name}>`;
  const buttons = (body.buttons ?? []).flat().map((button) => `[${button.label}]`);
  return [
    body.text.map((span) => span.text).join(""),
    ...buttons,
    body.chosen ? `✓ ${body.chosen}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
