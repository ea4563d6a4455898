/**
 * Everything the fake Slack remembers: the workspace (users, channels), what the bot posted,
 * the views it opened, files, and the one-time trigger ids and response URLs Slack hands out
 * with each interaction. The method handlers read and change it; tests read it through
 * `FakeSlackApi`.
 */
import { randomBytes } from "node:crypto";
import { dmChannelOf, IdMaker, makeTriggerId, TsClock } from "./slack-ids.js";

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  realName?: string;
  /** Only returned by users.info when the call asks for `include_locale`, as on Slack. */
  locale?: string;
  /** IANA zone; Asia/Shanghai unless given. */
  tz?: string;
  isBot?: boolean;
}

export interface FakeSlackChannel {
  id: string;
  name?: string;
  /** User ids in the channel (besides the bot). */
  members?: string[];
  /** False for a channel the bot was never added to: posting there answers not_in_channel. */
  botMember?: boolean;
}

export interface FakeSlackFile {
  id: string;
  name: string;
  title: string;
  bytes: Buffer;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  /** Who posted it: the bot's user id for everything in `messages()`. */
  user: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  /** How many times chat.update (or a replace_original response) changed it. */
  updatedTimes: number;
  files?: FakeSlackFile[];
  attachments?: unknown[];
}

export interface FakeSlackEphemeral {
  channel: string;
  /** The one user who sees it. */
  user: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
}

/** A view as Slack stores and returns it (and as view_submission payloads carry it). */
export interface FakeSlackView {
  [key: string]: unknown;
  id: string;
  type: "modal" | "home";
  hash: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  blocks: unknown[];
  state: { values: Record<string, unknown> };
  root_view_id: string;
  previous_view_id: string | null;
}

/** A response_url Slack issued, with what it was issued for and what the app posted to it. */
export interface ResponseUrlOrigin {
  user: string;
  channel?: string;
  /** The message a block_actions click came from, for replace_original / delete_original. */
  messageTs?: string;
  ephemeral?: boolean;
}

export interface RecordedResponse {
  id: string;
  at: number;
  status: number;
  body: Record<string, unknown>;
}

interface IssuedResponseUrl {
  issuedAt: number;
  uses: number;
  origin: ResponseUrlOrigin;
}

interface IssuedTrigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

/** A file between files.getUploadURLExternal and files.completeUploadExternal. */
export interface PendingUpload {
  fileId: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  completed: boolean;
}

export type Resolved =
  | { ok: true; channel: string; dmUser?: string }
  | { ok: false; error: string };

/** Slack's trigger ids die after three seconds. */
export const TRIGGER_LIFETIME_MS = 3000;
/** A response_url takes five posts within thirty minutes. */
export const RESPONSE_URL_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;

export interface FakeSlackStateOptions {
  botToken?: string;
  /** The app-level token (`xapp-…`) apps.connections.open takes, for Socket Mode. */
  appToken?: string;
  botUserId?: string;
  teamId?: string;
  users?: FakeSlackUser[];
  channels?: FakeSlackChannel[];
}

export class FakeSlackState {
  readonly botToken: string;
  readonly appToken: string;
  readonly botUserId: string;
  readonly botId = "B01";
  readonly appId = "A01";
  readonly teamId: string;
  readonly teamDomain = "duban-test";
  /** Set once the server listens: "http://127.0.0.1:PORT". */
  origin = "";

  readonly users = new Map<string, FakeSlackUser>();
  readonly channels = new Map<string, FakeSlackChannel>();
  readonly messages: FakeSlackMessage[] = [];
  /** What users wrote (sent by the signed-request client), so chat.update can refuse them. */
  readonly userMessages: FakeSlackMessage[] = [];
  readonly ephemerals: FakeSlackEphemeral[] = [];
  readonly views = new Map<string, FakeSlackView>();
  /** Each user's open modal stack, bottom first. */
  readonly modalStacks = new Map<string, string[]>();
  readonly homeViews = new Map<string, string>();
  readonly uploads = new Map<string, PendingUpload>();
  /** Upload URL token → file id. */
  readonly uploadTokens = new Map<string, string>();
  /** Bytes behind every file's url_private, whoever shared it. */
  readonly fileBytes = new Map<string, FakeSlackFile>();
  readonly openedDms = new Set<string>();
  readonly responses: RecordedResponse[] = [];

  readonly ids = new IdMaker();
  readonly clock = new TsClock();
  private readonly triggers = new Map<string, IssuedTrigger>();
  private readonly responseUrls = new Map<string, IssuedResponseUrl>();
  private readonly socketTickets = new Set<string>();

  constructor(options: FakeSlackStateOptions = {}) {
    this.botToken = options.botToken ?? "xoxb-test";
    this.appToken = options.appToken ?? "xapp-1-A01-test";
    this.botUserId = options.botUserId ?? "UBOT";
    this.teamId = options.teamId ?? "T01";
    for (const user of options.users ?? []) this.users.set(user.id, user);
    for (const channel of options.channels ?? []) this.channels.set(channel.id, channel);
  }

  /** The DM id of a user the workspace knows, or undefined. */
  dmUser(channel: string): string | undefined {
    for (const id of this.users.keys()) if (dmChannelOf(id) === channel) return id;
    return undefined;
  }

  /**
   * Where a post to `target` lands. chat.postMessage takes a user id and posts to the bot's DM
   * with that user; the other methods need a conversation id (`allowUserId` false), as Slack's
   * docs say for chat.update.
   */
  resolveChannel(target: string, allowUserId: boolean): Resolved {
    if (/^[UW]/.test(target)) {
      const user = this.users.get(target);
      if (!allowUserId || !user) return { ok: false, error: "channel_not_found" };
      if (user.isBot) return { ok: false, error: "cannot_dm_bot" };
      return { ok: true, channel: dmChannelOf(target), dmUser: target };
    }
    if (target.startsWith("D")) {
      const dmUser = this.dmUser(target);
      return dmUser
        ? { ok: true, channel: target, dmUser }
        : { ok: false, error: "channel_not_found" };
    }
    const channel = this.channels.get(target);
    if (!channel) return { ok: false, error: "channel_not_found" };
    if (channel.botMember === false) return { ok: false, error: "not_in_channel" };
    return { ok: true, channel: target };
  }

  isMember(channel: string, user: string): boolean {
    if (channel.startsWith("D")) return this.dmUser(channel) === user;
    return this.channels.get(channel)?.members?.includes(user) ?? false;
  }

  findMessage(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  issueTrigger(user: string, ageMs = 0): string {
    const id = makeTriggerId(this.triggers.size);
    this.triggers.set(id, { user, issuedAt: Date.now() - ageMs, used: false });
    return id;
  }

  /** Spends a trigger id, as views.open/push do: each works once, within three seconds. */
  spendTrigger(id: string): { ok: true; user: string } | { ok: false; error: string } {
    const trigger = this.triggers.get(id);
    if (!trigger) return { ok: false, error: "invalid_trigger_id" };
    if (trigger.used) return { ok: false, error: "exchanged_trigger_id" };
    if (Date.now() - trigger.issuedAt > TRIGGER_LIFETIME_MS) {
      return { ok: false, error: "expired_trigger_id" };
    }
    trigger.used = true;
    return { ok: true, user: trigger.user };
  }

  issueResponseUrl(origin: ResponseUrlOrigin, ageMs = 0): { id: string; url: string } {
    const id = `${this.teamId}-${this.ids.next("R")}`;
    this.responseUrls.set(id, { issuedAt: Date.now() - ageMs, uses: 0, origin });
    return { id, url: `${this.origin}/response/${id}` };
  }

  /** Spends one use of a response_url; the error is the body Slack answers with (HTTP 404). */
  spendResponseUrl(
    id: string,
  ): { ok: true; origin: ResponseUrlOrigin } | { ok: false; error: string } {
    const issued = this.responseUrls.get(id);
    if (!issued) return { ok: false, error: "invalid_url" };
    if (Date.now() - issued.issuedAt > RESPONSE_URL_LIFETIME_MS)
      return { ok: false, error: "expired_url" };
    if (issued.uses >= RESPONSE_URL_USES) return { ok: false, error: "used_url" };
    issued.uses += 1;
    return { ok: true, origin: issued.origin };
  }

  /** A Socket Mode URL from apps.connections.open; its ticket opens one connection. */
  issueSocketUrl(): string {
    const ticket = randomBytes(16).toString("hex");
    this.socketTickets.add(ticket);
    return `${this.origin.replace(/^http/, "ws")}/link/?ticket=${ticket}`;
  }

  /** Spends a ticket as the WebSocket handshake does: each works once. */
  spendSocketTicket(ticket: string): boolean {
    return this.socketTickets.delete(ticket);
  }

  fileUrl(file: { id: string; name: string }): string {
    return `${this.origin}/files-pri/${this.teamId}-${file.id}/${encodeURIComponent(file.name)}`;
  }
}
