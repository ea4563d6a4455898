/**
 * A loopback fake of Slack's Web API for end-to-end tests of the Slack adapter: point
 * WebClient's `slackApiUrl` at `api.url`. It answers as Slack does (HTTP 200 with `ok`/`error`,
 * 429 with Retry-After), checks the bot token, required arguments and Block Kit limits, and
 * records every call. It also serves the upload URLs, response_urls and file downloads Slack
 * hands out, and issues the trigger ids the signed-request client (`slack-client.ts`) sends.
 * Socket Mode too: apps.connections.open (with the app-level token) hands out a WebSocket URL
 * on the same port, served by `socketMode` (see socket-mode-link.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Waiters } from "./call-waiters.js";
import { messageJson } from "./chat-methods.js";
import {
  type FakeSlackChannel,
  type FakeSlackEphemeral,
  type FakeSlackFile,
  type FakeSlackMessage,
  FakeSlackState,
  type FakeSlackStateOptions,
  type FakeSlackUser,
  type FakeSlackView,
  type RecordedResponse,
  type ResponseUrlOrigin,
} from "./fake-slack-state.js";
import { acceptUpload, type PlainAnswer, serveFile } from "./file-methods.js";
import { parseBody, readRaw } from "./request-body.js";
import { acceptResponse } from "./response-urls.js";
import { dmChannelOf } from "./slack-ids.js";
import { SocketModeLink } from "./socket-mode-link.js";
import { applyViewSubmissionAnswer, type ViewSubmissionOutcome } from "./view-methods.js";
import { type RateLimit, type RecordedCall, WebApiDispatcher } from "./web-api-dispatch.js";

export type {
  FakeSlackChannel,
  FakeSlackEphemeral,
  FakeSlackFile,
  FakeSlackMessage,
  FakeSlackUser,
  FakeSlackView,
  RecordedResponse,
  ResponseUrlOrigin,
} from "./fake-slack-state.js";
export type {
  PushedEnvelope,
  SocketModeAck,
  SocketModeConnectionRecord,
  SocketModeEnvelope,
} from "./socket-mode-link.js";
export type { ViewSubmissionOutcome } from "./view-methods.js";
export type { RateLimit, RecordedCall } from "./web-api-dispatch.js";

export type FakeSlackApiOptions = FakeSlackStateOptions;

export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes posted to the upload URL, once they were. */
  bytes?: Buffer;
  completed: boolean;
}

export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const api = new FakeSlackApi(options);
  await api.listen();
  return api;
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  private readonly state: FakeSlackState;
  private readonly server: http.Server;
  private readonly dispatcher: WebApiDispatcher;
  private readonly waiters = new Waiters();
  /** Socket Mode: the connections apps open, the envelopes pushed to them, their acks. */
  readonly socketMode: SocketModeLink;

  constructor(options: FakeSlackApiOptions = {}) {
    this.state = new FakeSlackState(options);
    this.dispatcher = new WebApiDispatcher(this.state);
    this.socketMode = new SocketModeLink(this.state, this.waiters);
    this.server = http.createServer((request, response) => {
      this.route(request).then(
        (answer) => reply(response, answer),
        (error: unknown) =>
          reply(response, { status: 500, contentType: "text/plain", body: String(error) }),
      );
    });
    this.server.on("upgrade", (request, socket, head) =>
      this.socketMode.handleUpgrade(request, socket, head),
    );
  }

  /** Starts listening on a free loopback port; `startFakeSlackApi` calls it. */
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.state.origin = `http://127.0.0.1:${port}`;
  }

  /** The Web API root for WebClient's `slackApiUrl`. */
  get url(): string {
    return `${this.state.origin}/api/`;
  }
  get origin(): string {
    return this.state.origin;
  }
  get botToken(): string {
    return this.state.botToken;
  }
  /** The app-level token (`SLACK_APP_TOKEN`) that opens Socket Mode connections. */
  get appToken(): string {
    return this.state.appToken;
  }
  get botUserId(): string {
    return this.state.botUserId;
  }
  get botId(): string {
    return this.state.botId;
  }
  get appId(): string {
    return this.state.appId;
  }
  get teamId(): string {
    return this.state.teamId;
  }
  get teamDomain(): string {
    return this.state.teamDomain;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * The first call to `method` matching `predicate` among the calls from index `since` on
   * (0: every call so far), now or as soon as it arrives. A number as third argument is the
   * timeout alone.
   */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options: number | { timeoutMs?: number; since?: number } = {},
  ): Promise<RecordedCall> {
    const { timeoutMs = 10_000, since = 0 } =
      typeof options === "number" ? { timeoutMs: options } : options;
    const find = () =>
      this.calls.slice(since).find((c) => c.method === method && (predicate?.(c) ?? true));
    return this.waiters.waitFor(find, timeoutMs, `${method} call`, () => this.describeCalls());
  }

  /** The next call to `method` made after this moment: start waiting before triggering it. */
  nextCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs = 10_000) {
    return this.waitForCall(method, predicate, { timeoutMs, since: this.calls.length });
  }

  /** The bot's messages as they stand now (after updates and deletions), in posting order. */
  messages(channel?: string): FakeSlackMessage[] {
    return this.state.messages.filter((m) => channel === undefined || m.channel === channel);
  }

  messageByTs(ts: string, channel?: string): FakeSlackMessage | undefined {
    return this.state.messages.find(
      (m) => m.ts === ts && (channel === undefined || m.channel === channel),
    );
  }

  ephemerals(user?: string): FakeSlackEphemeral[] {
    return this.state.ephemerals.filter((m) => user === undefined || m.user === user);
  }

  homeView(userId: string): FakeSlackView | undefined {
    const id = this.state.homeViews.get(userId);
    return id ? this.state.views.get(id) : undefined;
  }

  view(id: string): FakeSlackView | undefined {
    return this.state.views.get(id);
  }

  /** The user's open modal stack, bottom first; the last one is what the user sees. */
  openModals(userId: string): FakeSlackView[] {
    const ids = this.state.modalStacks.get(userId) ?? [];
    return ids.flatMap((id) => this.state.views.get(id) ?? []);
  }

  uploadedFiles(): UploadedFile[] {
    return [...this.state.uploads.values()].map((u) => ({
      id: u.fileId,
      filename: u.filename,
      length: u.length,
      completed: u.completed,
      ...(u.bytes ? { bytes: u.bytes } : {}),
    }));
  }

  /** Every post to one response_url, refused ones included (with their 404/400 status). */
  responses(id: string): RecordedResponse[] {
    return this.state.responses.filter((r) => r.id === id);
  }

  allResponses(): RecordedResponse[] {
    return [...this.state.responses];
  }

  waitForResponse(
    predicate?: (r: RecordedResponse) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedResponse> {
    const find = () => this.state.responses.find((r) => predicate?.(r) ?? true);
    return this.waiters.waitFor(find, timeoutMs, "response_url post", () => this.describeCalls());
  }

  /**
   * The next `times` calls to `method` answer 429 with `Retry-After: retryAfterSeconds`; with
   * `window`, so do all calls in the Retry-After after each (as Slack does).
   */
  rateLimit(method: string, limit: RateLimit): void {
    this.dispatcher.rateLimit(method, limit);
  }

  /** The next call to `method` answers `{ ok: false, error }`; repeat to fail several. */
  failNext(method: string, error: string): void {
    this.dispatcher.failNext(method, error);
  }

  // What the signed-request client needs to act as Slack; tests may use it too.

  user(id: string): FakeSlackUser | undefined {
    return this.state.users.get(id);
  }

  channel(id: string): FakeSlackChannel | undefined {
    return this.state.channels.get(id);
  }

  dmChannelOf(userId: string): string {
    return dmChannelOf(userId);
  }

  /** Whether `user` sees `channel`: their own DM with the bot, or a channel listing them. */
  isMember(channel: string, user: string): boolean {
    return this.state.isMember(channel, user);
  }

  /** A stored bot message as Slack shows it in the Web API and in interaction payloads. */
  messagePayload(message: FakeSlackMessage): Record<string, unknown> {
    return messageJson(this.state, message);
  }

  /** A trigger id for `userId`; `ageMs` backdates it (over 3000: already expired). */
  issueTriggerId(userId: string, options: { ageMs?: number } = {}): string {
    return this.state.issueTrigger(userId, options.ageMs);
  }

  issueResponseUrl(origin: ResponseUrlOrigin, options: { ageMs?: number } = {}) {
    return this.state.issueResponseUrl(origin, options.ageMs);
  }

  nextTs(): string {
    return this.state.clock.next();
  }

  /** Stores a message a user wrote (the bot may not chat.update it). */
  recordUserMessage(
    message: Omit<FakeSlackMessage, "ts" | "blocks" | "updatedTimes"> & { ts?: string },
  ) {
    const stored: FakeSlackMessage = {
      ...message,
      ts: message.ts ?? this.nextTs(),
      blocks: [],
      updatedTimes: 0,
    };
    this.state.userMessages.push(stored);
    return stored;
  }

  userMessage(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.state.userMessages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Makes a file a user shares downloadable at its url_private; returns the url. */
  shareUserFile(file: FakeSlackFile): string {
    this.state.fileBytes.set(file.id, file);
    return this.state.fileUrl(file);
  }

  newId(prefix: string): string {
    return this.state.ids.next(prefix);
  }

  /** How Slack treats the app's HTTP answer to a view_submission (see view-methods.ts). */
  answerViewSubmission(
    user: string,
    view: FakeSlackView,
    answer: { status: number; body: string; ms: number },
  ): ViewSubmissionOutcome {
    const outcome = applyViewSubmissionAnswer(this.state, user, view, answer);
    this.waiters.notify();
    return outcome;
  }

  private describeCalls(): string {
    const seen = this.calls.map((c) => `${c.method}${c.ok ? "" : `(${c.error})`}`).join(", ");
    return `calls so far: ${seen || "none"}`;
  }

  async close(): Promise<void> {
    this.waiters.abortAll();
    this.socketMode.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async route(request: http.IncomingMessage): Promise<PlainAnswer> {
    const at = Date.now();
    const url = new URL(request.url ?? "/", this.state.origin);
    const posted = await parseBody(request.headers, await readRaw(request));
    const path = url.pathname;
    let answer: PlainAnswer;
    if (path.startsWith("/api/")) {
      const method = path.slice("/api/".length);
      const { authorization } = request.headers;
      const handled = this.dispatcher.call({
        method,
        query: url.searchParams,
        posted,
        authorization,
        at,
      });
      this.calls.push(handled.recorded);
      answer = handled.answer;
    } else if (path.startsWith("/upload/v1/") && request.method === "POST") {
      answer = acceptUpload(this.state, path.slice("/upload/v1/".length), posted);
    } else if (path.startsWith("/response/") && request.method === "POST") {
      answer = acceptResponse(
        this.state,
        decodeURIComponent(path.slice("/response/".length)),
        posted,
      );
    } else if (path.startsWith("/files-pri/") && request.method === "GET") {
      answer = serveFile(this.state, path, request.headers.authorization);
    } else {
      answer = { status: 404, contentType: "text/plain", body: "Not Found" };
    }
    this.waiters.notify();
    return answer;
  }
}

function reply(response: http.ServerResponse, answer: PlainAnswer): void {
  response.writeHead(answer.status, { "content-type": answer.contentType, ...answer.headers });
  response.end(answer.body);
}
