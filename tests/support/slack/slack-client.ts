/**
 * Plays Slack delivering to an app's Request URL: Events API callbacks as JSON, slash commands
 * and interactions as forms, each signed with the app's signing secret the way Slack signs them
 * (`v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`). Trigger ids and response_urls come
 * from the fake Web API, so the app's views.open and respond() calls land there and are held
 * to Slack's lifetimes.
 */
import { randomUUID } from "node:crypto";
import {
  type ButtonSelector,
  byLabel,
  findButton,
  formValues,
  unsubmittable,
  type ViewValues,
} from "./block-targets.js";
import type {
  FakeSlackApi,
  FakeSlackMessage,
  FakeSlackView,
  ViewSubmissionOutcome,
} from "./fake-slack-api.js";
import { type Delivery, postSigned, type SignOptions } from "./signed-delivery.js";
import {
  buttonAction,
  eventEnvelope,
  interactionBase,
  type PayloadContext,
  sharedFile,
  typedMessage,
  VERIFICATION_TOKEN,
} from "./slack-payloads.js";

export type { Delivery, SignOptions } from "./signed-delivery.js";
export { signSlackRequest } from "./signed-delivery.js";
export type { ButtonSelector, ViewValues };
export { byLabel, formValues };

export interface SlackSenderOptions {
  /** The app's Request URL, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl: string;
  signingSecret: string;
  api: FakeSlackApi;
  teamId?: string;
  /** The slash command's name; "/duban" unless given. */
  command?: string;
}

export interface EventOptions extends SignOptions {
  eventId?: string;
  /** Slack's redelivery headers: X-Slack-Retry-Num and X-Slack-Retry-Reason ("http_timeout"…). */
  retryNum?: number;
  retryReason?: string;
}

/** Trigger ids expire 3 s after issue; `triggerAgeMs` issues one already that old. */
export interface InteractionOptions extends SignOptions {
  triggerAgeMs?: number;
}

export interface EventDelivery extends Delivery {
  eventId: string;
  event: Record<string, unknown>;
}
export interface MessageDelivery extends EventDelivery {
  channel: string;
  ts: string;
}
export interface CommandDelivery extends Delivery {
  responseUrlId: string;
  triggerId: string;
}
export interface InteractionDelivery extends Delivery {
  triggerId: string;
  /** Absent for clicks in views, which Slack sends without a response_url. */
  responseUrlId?: string;
  payload: Record<string, unknown>;
}
export interface ViewSubmissionDelivery extends Delivery {
  triggerId: string;
  payload: Record<string, unknown>;
  outcome: ViewSubmissionOutcome;
}

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  return new SlackSender(options);
}

export class SlackSender {
  private readonly api: FakeSlackApi;
  private readonly teamId: string;
  private readonly commandName: string;
  private readonly clientMsgIds = new Map<string, string>();
  private readonly ctx: PayloadContext;

  constructor(private readonly options: SlackSenderOptions) {
    this.api = options.api;
    this.teamId = options.teamId ?? options.api.teamId;
    this.commandName = options.command ?? "/duban";
    this.ctx = {
      teamId: this.teamId,
      teamDomain: this.api.teamDomain,
      appId: this.api.appId,
      botUserId: this.api.botUserId,
    };
  }

  /** Delivers an Events API `event_callback` wrapping `event`. */
  async event(event: Record<string, unknown>, options: EventOptions = {}): Promise<EventDelivery> {
    const eventId = options.eventId ?? `Ev${this.api.newId("").slice(0, 10)}`;
    const envelope = eventEnvelope(this.ctx, event, eventId);
    const headers: Record<string, string> = {};
    if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
    if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
    const delivery = await this.post(
      JSON.stringify(envelope),
      "application/json",
      options,
      headers,
    );
    return { ...delivery, eventId, event };
  }

  /** The user writes `text` in their DM with the bot. */
  async dm(
    user: string,
    text: string,
    options: EventOptions & { threadTs?: string } = {},
  ): Promise<MessageDelivery> {
    this.requireUser(user);
    const channel = this.api.dmChannelOf(user);
    const { threadTs, ...eventOptions } = options;
    const stored = this.api.recordUserMessage({
      channel,
      user,
      text,
      ...(threadTs ? { threadTs } : {}),
    });
    const clientMsgId = randomUUID();
    this.clientMsgIds.set(stored.ts, clientMsgId);
    const event = {
      ...typedMessage(this.ctx, { user, text, ts: stored.ts, clientMsgId }),
      channel,
      event_ts: stored.ts,
      channel_type: "im",
      ...(threadTs ? { thread_ts: threadTs } : {}),
    };
    return { ...(await this.event(event, eventOptions)), channel, ts: stored.ts };
  }

  /** The user edits their DM message `ts` to `newText` (a message_changed event). */
  async dmEdit(
    user: string,
    ts: string,
    newText: string,
    options: EventOptions = {},
  ): Promise<MessageDelivery> {
    const channel = this.api.dmChannelOf(user);
    const original = this.api.userMessage(channel, ts);
    if (!original) throw new Error(`${user} wrote no message ${ts} in ${channel}`);
    const clientMsgId = this.clientMsgIds.get(ts) ?? randomUUID();
    const previous = typedMessage(this.ctx, { user, text: original.text, ts, clientMsgId });
    original.text = newText;
    const editTs = this.api.nextTs();
    const event = {
      type: "message",
      subtype: "message_changed",
      hidden: true,
      channel,
      channel_type: "im",
      ts: editTs,
      event_ts: editTs,
      message: {
        ...typedMessage(this.ctx, { user, text: newText, ts, clientMsgId }),
        edited: { user, ts: editTs },
      },
      previous_message: previous,
    };
    return { ...(await this.event(event, options)), channel, ts: editTs };
  }

  /** The user shares a file in their DM (a file_share message); the bot can download it. */
  async dmFile(
    user: string,
    file: { name?: string; title?: string; bytes?: Buffer; mimetype?: string; text?: string } = {},
    options: EventOptions = {},
  ): Promise<MessageDelivery & { fileId: string }> {
    this.requireUser(user);
    const channel = this.api.dmChannelOf(user);
    const name = file.name ?? "report.txt";
    const bytes = file.bytes ?? Buffer.from("hello from a user\n");
    const id = this.api.newId("F");
    const title = file.title ?? name;
    const url = this.api.shareUserFile({ id, name, title, bytes });
    const text = file.text ?? "";
    const stored = this.api.recordUserMessage({
      channel,
      user,
      text,
      files: [{ id, name, title, bytes }],
    });
    const mimetype = file.mimetype ?? "text/plain";
    const slackFile = sharedFile(this.ctx, {
      id,
      name,
      title,
      size: bytes.length,
      mimetype,
      user,
      url,
    });
    const event = {
      type: "message",
      subtype: "file_share",
      text,
      files: [slackFile],
      upload: false,
      user,
      display_as_bot: false,
      ts: stored.ts,
      event_ts: stored.ts,
      channel,
      channel_type: "im",
    };
    return { ...(await this.event(event, options)), channel, ts: stored.ts, fileId: id };
  }

  /** The user opens the app's Home (or Messages) tab; carries the published home view. */
  async appHomeOpened(user: string, tab: "home" | "messages" = "home", options: EventOptions = {}) {
    this.requireUser(user);
    const view = tab === "home" ? this.api.homeView(user) : undefined;
    const event = {
      type: "app_home_opened",
      user,
      channel: this.api.dmChannelOf(user),
      tab,
      event_ts: this.api.nextTs(),
      ...(view ? { view } : {}),
    };
    return this.event(event, options);
  }

  /** The user types `/duban <text>`, in their DM with the bot unless `channelId` is given. */
  async command(
    user: string,
    text: string,
    options: InteractionOptions & { channelId?: string; channelName?: string } = {},
  ): Promise<CommandDelivery> {
    const { name } = this.requireUser(user);
    const channelId = options.channelId ?? this.api.dmChannelOf(user);
    const channelName = options.channelName ?? this.channelName(channelId);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const response = this.api.issueResponseUrl({ user, channel: channelId });
    const form = new URLSearchParams({
      token: VERIFICATION_TOKEN,
      team_id: this.teamId,
      team_domain: this.api.teamDomain,
      channel_id: channelId,
      channel_name: channelName,
      user_id: user,
      user_name: name,
      command: this.commandName,
      text,
      api_app_id: this.api.appId,
      is_enterprise_install: "false",
      response_url: response.url,
      trigger_id: triggerId,
    });
    const delivery = await this.post(form.toString(), "application/x-www-form-urlencoded", options);
    return { ...delivery, responseUrlId: response.id, triggerId };
  }

  /** The user clicks a button on a message the bot posted (as stored now, after updates). */
  async clickButton(
    user: string,
    message: Pick<FakeSlackMessage, "channel" | "ts">,
    selector: ButtonSelector,
    options: InteractionOptions = {},
  ): Promise<InteractionDelivery> {
    const posted = this.api.messageByTs(message.ts, message.channel);
    const ephemeral = posted
      ? undefined
      : this.api.ephemerals(user).find((m) => m.ts === message.ts);
    const shown = posted ?? ephemeral;
    if (!shown)
      throw new Error(`no message ${message.ts} in ${message.channel} that ${user} can see`);
    if (!this.api.isMember(shown.channel, user))
      throw new Error(`${user} is not in ${shown.channel}`);
    const found = findButton(shown.blocks, selector);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const response = this.api.issueResponseUrl({
      user,
      channel: shown.channel,
      messageTs: shown.ts,
      ephemeral: ephemeral !== undefined,
    });
    const payload = {
      ...interactionBase(this.ctx, "block_actions", this.requireUser(user), triggerId),
      container: {
        type: "message",
        message_ts: shown.ts,
        channel_id: shown.channel,
        is_ephemeral: ephemeral !== undefined,
      },
      channel: { id: shown.channel, name: this.channelName(shown.channel) },
      // Slack leaves the message out of clicks on ephemeral messages.
      ...(posted ? { message: this.api.messagePayload(posted) } : {}),
      state: { values: {} },
      response_url: response.url,
      actions: [buttonAction(found, this.api.nextTs())],
    };
    const delivery = await this.postPayload(payload, options);
    return { ...delivery, triggerId, responseUrlId: response.id, payload };
  }

  /** The user clicks a button on their App Home tab, as the bot last published it. */
  clickHomeButton(user: string, selector: ButtonSelector, options: InteractionOptions = {}) {
    const view = this.api.homeView(user);
    if (!view) throw new Error(`no home view published for ${user}`);
    return this.clickInView(user, view, selector, options);
  }

  /** The user clicks a button in the modal on top of their stack. */
  clickViewButton(
    user: string,
    view: Pick<FakeSlackView, "id">,
    selector: ButtonSelector,
    options: InteractionOptions = {},
  ) {
    return this.clickInView(user, this.topModal(user, view.id), selector, options);
  }

  /**
   * The user submits the modal `view` with `values` (see `formValues`). Throws for what the
   * Slack client would not submit (a required input empty, a number out of range…). The
   * outcome is what Slack makes of the app's answer: an empty 200 closes the modal.
   */
  async submitView(
    user: string,
    view: Pick<FakeSlackView, "id">,
    values: ViewValues,
    options: InteractionOptions = {},
  ): Promise<ViewSubmissionDelivery> {
    const current = this.topModal(user, view.id);
    const blocked = unsubmittable(current, values);
    if (blocked) throw new Error(`Slack would not submit view ${view.id}: ${blocked}`);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const payload = {
      ...interactionBase(this.ctx, "view_submission", this.requireUser(user), triggerId),
      view: { ...current, state: { values } },
      response_urls: [],
    };
    const delivery = await this.postPayload(payload, options);
    const outcome = this.api.answerViewSubmission(user, current, delivery);
    return { ...delivery, triggerId, payload, outcome };
  }

  private async clickInView(
    user: string,
    view: FakeSlackView,
    selector: ButtonSelector,
    options: InteractionOptions,
  ) {
    const found = findButton(view.blocks, selector);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const payload = {
      ...interactionBase(this.ctx, "block_actions", this.requireUser(user), triggerId),
      container: { type: "view", view_id: view.id },
      view,
      actions: [buttonAction(found, this.api.nextTs())],
    };
    const delivery = await this.postPayload(payload, options);
    return { ...delivery, triggerId, payload } satisfies InteractionDelivery;
  }

  private topModal(user: string, viewId: string): FakeSlackView {
    const top = this.api.openModals(user).at(-1);
    if (!top || top.id !== viewId) {
      throw new Error(
        `view ${viewId} is not the modal ${user} sees (on top: ${top?.id ?? "none"})`,
      );
    }
    return top;
  }

  private requireUser(user: string) {
    const known = this.api.user(user);
    if (!known)
      throw new Error(`${user} is not a user of the fake workspace; add it to the users option`);
    return known;
  }

  /** Slack names every DM "directmessage" in payloads. */
  private channelName(channel: string): string {
    if (channel.startsWith("D")) return "directmessage";
    return this.api.channel(channel)?.name ?? channel;
  }

  private postPayload(payload: Record<string, unknown>, options: SignOptions): Promise<Delivery> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.post(form.toString(), "application/x-www-form-urlencoded", options);
  }

  private post(
    body: string,
    contentType: string,
    options: SignOptions,
    headers: Record<string, string> = {},
  ) {
    return postSigned(this.options, body, contentType, options, headers);
  }
}
