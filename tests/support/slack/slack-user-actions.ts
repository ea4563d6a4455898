/**
 * What a user does in Slack, as the payload Slack then delivers to the app: a DM, an edit, a
 * shared file, the Home tab opened, `/duban …`, a button tap, a modal submitted. Each action
 * also does on the fake what Slack would (stores the user's message, issues the trigger id and
 * response_url). Transport-free: `slack-client.ts` posts the payloads signed to a Request URL,
 * `socket-mode-client.ts` pushes them over Socket Mode, so both send the same shapes.
 */
import { randomUUID } from "node:crypto";
import {
  type ButtonSelector,
  findButton,
  unsubmittable,
  type ViewValues,
} from "./block-targets.js";
import type { FakeSlackApi, FakeSlackMessage, FakeSlackView } from "./fake-slack-api.js";
import {
  buttonAction,
  commandFields,
  eventEnvelope,
  interactionBase,
  type PayloadContext,
  sharedFile,
  typedMessage,
} from "./slack-payloads.js";

/** An Events API callback, ready to deliver. */
export interface PreparedEvent {
  eventId: string;
  event: Record<string, unknown>;
  envelope: Record<string, unknown>;
}
export interface PreparedMessage extends PreparedEvent {
  channel: string;
  ts: string;
}
export interface PreparedCommand {
  fields: Record<string, string>;
  responseUrlId: string;
  triggerId: string;
}
export interface PreparedInteraction {
  payload: Record<string, unknown>;
  triggerId: string;
  /** Absent for clicks in views, which Slack sends without a response_url. */
  responseUrlId?: string;
}
export interface PreparedSubmission extends PreparedInteraction {
  /** The modal as submitted, to judge the app's answer against. */
  view: FakeSlackView;
}

export interface UserActionsOptions {
  api: FakeSlackApi;
  teamId?: string;
  /** The slash command's name; "/duban" unless given. */
  command?: string;
}

/** Trigger ids expire 3 s after issue; `triggerAgeMs` issues one already that old. */
export interface TriggerOptions {
  triggerAgeMs?: number;
}

export class SlackUserActions {
  private readonly api: FakeSlackApi;
  private readonly teamId: string;
  private readonly commandName: string;
  private readonly clientMsgIds = new Map<string, string>();
  private readonly ctx: PayloadContext;

  constructor(options: UserActionsOptions) {
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

  /** An Events API `event_callback` wrapping `event`. */
  event(event: Record<string, unknown>, eventId?: string): PreparedEvent {
    const id = eventId ?? `Ev${this.api.newId("").slice(0, 10)}`;
    return { eventId: id, event, envelope: eventEnvelope(this.ctx, event, id) };
  }

  /** The user writes `text` in their DM with the bot. */
  dm(
    user: string,
    text: string,
    options: { threadTs?: string; eventId?: string } = {},
  ): PreparedMessage {
    this.requireUser(user);
    const channel = this.api.dmChannelOf(user);
    const { threadTs } = options;
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
    return { ...this.event(event, options.eventId), channel, ts: stored.ts };
  }

  /** The user edits their DM message `ts` to `newText` (a message_changed event). */
  dmEdit(user: string, ts: string, newText: string, eventId?: string): PreparedMessage {
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
    return { ...this.event(event, eventId), channel, ts: editTs };
  }

  /** The user shares a file in their DM (a file_share message); the bot can download it. */
  dmFile(
    user: string,
    file: { name?: string; title?: string; bytes?: Buffer; mimetype?: string; text?: string } = {},
    eventId?: string,
  ): PreparedMessage & { fileId: string } {
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
    return { ...this.event(event, eventId), channel, ts: stored.ts, fileId: id };
  }

  /** The user opens the app's Home (or Messages) tab; carries the published home view. */
  appHomeOpened(user: string, tab: "home" | "messages" = "home", eventId?: string): PreparedEvent {
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
    return this.event(event, eventId);
  }

  /** The user types `/duban <text>`, in their DM with the bot unless `channelId` is given. */
  command(
    user: string,
    text: string,
    options: TriggerOptions & { channelId?: string; channelName?: string } = {},
  ): PreparedCommand {
    const known = this.requireUser(user);
    const channelId = options.channelId ?? this.api.dmChannelOf(user);
    const channelName = options.channelName ?? this.channelName(channelId);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const response = this.api.issueResponseUrl({ user, channel: channelId });
    const fields = commandFields(this.ctx, {
      name: this.commandName,
      text,
      user: known,
      channel: { id: channelId, name: channelName },
      responseUrl: response.url,
      triggerId,
    });
    return { fields, responseUrlId: response.id, triggerId };
  }

  /** The user clicks a button on a message the bot posted (as stored now, after updates). */
  clickButton(
    user: string,
    message: Pick<FakeSlackMessage, "channel" | "ts">,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): PreparedInteraction & { responseUrlId: string } {
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
    return { payload, triggerId, responseUrlId: response.id };
  }

  /** The user clicks a button on their App Home tab, as the bot last published it. */
  clickHomeButton(
    user: string,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): PreparedInteraction {
    const view = this.api.homeView(user);
    if (!view) throw new Error(`no home view published for ${user}`);
    return this.clickInView(user, view, selector, options);
  }

  /** The user clicks a button in the modal on top of their stack. */
  clickViewButton(
    user: string,
    view: Pick<FakeSlackView, "id">,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): PreparedInteraction {
    return this.clickInView(user, this.topModal(user, view.id), selector, options);
  }

  /**
   * The user submits the modal `view` with `values` (see `formValues`). Throws for what the
   * Slack client would not submit (a required input empty, a number out of range…).
   */
  submitView(
    user: string,
    view: Pick<FakeSlackView, "id">,
    values: ViewValues,
    options: TriggerOptions = {},
  ): PreparedSubmission {
    const current = this.topModal(user, view.id);
    const blocked = unsubmittable(current, values);
    if (blocked) throw new Error(`Slack would not submit view ${view.id}: ${blocked}`);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const payload = {
      ...interactionBase(this.ctx, "view_submission", this.requireUser(user), triggerId),
      view: { ...current, state: { values } },
      response_urls: [],
    };
    return { payload, triggerId, view: current };
  }

  private clickInView(
    user: string,
    view: FakeSlackView,
    selector: ButtonSelector,
    options: TriggerOptions,
  ): PreparedInteraction {
    const found = findButton(view.blocks, selector);
    const triggerId = this.api.issueTriggerId(user, { ageMs: options.triggerAgeMs ?? 0 });
    const payload = {
      ...interactionBase(this.ctx, "block_actions", this.requireUser(user), triggerId),
      container: { type: "view", view_id: view.id },
      view,
      actions: [buttonAction(found, this.api.nextTs())],
    };
    return { payload, triggerId };
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
}
