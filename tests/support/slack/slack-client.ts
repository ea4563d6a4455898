/**
 * Plays Slack delivering to an app's Request URL: Events API callbacks as JSON, slash commands
 * and interactions as forms, each signed with the app's signing secret the way Slack signs them
 * (`v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`). Trigger ids and response_urls come
 * from the fake Web API, so the app's views.open and respond() calls land there and are held
 * to Slack's lifetimes. The payloads come from `SlackUserActions`, which Socket Mode's sender
 * (`createSocketModeSender`, re-exported here) shares.
 */
import { type ButtonSelector, byLabel, formValues, type ViewValues } from "./block-targets.js";
import type {
  FakeSlackApi,
  FakeSlackMessage,
  FakeSlackView,
  ViewSubmissionOutcome,
} from "./fake-slack-api.js";
import { type Delivery, postSigned, type SignOptions } from "./signed-delivery.js";
import { type PreparedEvent, SlackUserActions } from "./slack-user-actions.js";

export type { Delivery, SignOptions } from "./signed-delivery.js";
export { signSlackRequest } from "./signed-delivery.js";
export {
  createSocketModeSender,
  type SocketModeSender,
  type SocketModeSenderOptions,
} from "./socket-mode-client.js";
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
  private readonly actions: SlackUserActions;

  constructor(private readonly options: SlackSenderOptions) {
    this.actions = new SlackUserActions({
      api: options.api,
      ...(options.teamId ? { teamId: options.teamId } : {}),
      ...(options.command ? { command: options.command } : {}),
    });
  }

  /** Delivers an Events API `event_callback` wrapping `event`. */
  event(event: Record<string, unknown>, options: EventOptions = {}): Promise<EventDelivery> {
    return this.deliverEvent(this.actions.event(event, options.eventId), options);
  }

  /** The user writes `text` in their DM with the bot. */
  async dm(
    user: string,
    text: string,
    options: EventOptions & { threadTs?: string } = {},
  ): Promise<MessageDelivery> {
    const { threadTs, ...eventOptions } = options;
    const prepared = this.actions.dm(user, text, {
      ...(threadTs ? { threadTs } : {}),
      ...(options.eventId ? { eventId: options.eventId } : {}),
    });
    const delivery = await this.deliverEvent(prepared, eventOptions);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts };
  }

  /** The user edits their DM message `ts` to `newText` (a message_changed event). */
  async dmEdit(
    user: string,
    ts: string,
    newText: string,
    options: EventOptions = {},
  ): Promise<MessageDelivery> {
    const prepared = this.actions.dmEdit(user, ts, newText, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts };
  }

  /** The user shares a file in their DM (a file_share message); the bot can download it. */
  async dmFile(
    user: string,
    file: { name?: string; title?: string; bytes?: Buffer; mimetype?: string; text?: string } = {},
    options: EventOptions = {},
  ): Promise<MessageDelivery & { fileId: string }> {
    const prepared = this.actions.dmFile(user, file, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts, fileId: prepared.fileId };
  }

  /** The user opens the app's Home (or Messages) tab; carries the published home view. */
  appHomeOpened(user: string, tab: "home" | "messages" = "home", options: EventOptions = {}) {
    return this.deliverEvent(this.actions.appHomeOpened(user, tab, options.eventId), options);
  }

  /** The user types `/duban <text>`, in their DM with the bot unless `channelId` is given. */
  async command(
    user: string,
    text: string,
    options: InteractionOptions & { channelId?: string; channelName?: string } = {},
  ): Promise<CommandDelivery> {
    const prepared = this.actions.command(user, text, options);
    const form = new URLSearchParams(prepared.fields);
    const delivery = await this.post(form.toString(), "application/x-www-form-urlencoded", options);
    return { ...delivery, responseUrlId: prepared.responseUrlId, triggerId: prepared.triggerId };
  }

  /** The user clicks a button on a message the bot posted (as stored now, after updates). */
  async clickButton(
    user: string,
    message: Pick<FakeSlackMessage, "channel" | "ts">,
    selector: ButtonSelector,
    options: InteractionOptions = {},
  ): Promise<InteractionDelivery> {
    const prepared = this.actions.clickButton(user, message, selector, options);
    return { ...(await this.postPayload(prepared.payload, options)), ...prepared };
  }

  /** The user clicks a button on their App Home tab, as the bot last published it. */
  async clickHomeButton(
    user: string,
    selector: ButtonSelector,
    options: InteractionOptions = {},
  ): Promise<InteractionDelivery> {
    const prepared = this.actions.clickHomeButton(user, selector, options);
    return { ...(await this.postPayload(prepared.payload, options)), ...prepared };
  }

  /** The user clicks a button in the modal on top of their stack. */
  async clickViewButton(
    user: string,
    view: Pick<FakeSlackView, "id">,
    selector: ButtonSelector,
    options: InteractionOptions = {},
  ): Promise<InteractionDelivery> {
    const prepared = this.actions.clickViewButton(user, view, selector, options);
    return { ...(await this.postPayload(prepared.payload, options)), ...prepared };
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
    const prepared = this.actions.submitView(user, view, values, options);
    const delivery = await this.postPayload(prepared.payload, options);
    const outcome = this.options.api.answerViewSubmission(user, prepared.view, delivery);
    return { ...delivery, triggerId: prepared.triggerId, payload: prepared.payload, outcome };
  }

  private async deliverEvent(prepared: PreparedEvent, options: EventOptions) {
    const headers: Record<string, string> = {};
    if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
    if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
    const body = JSON.stringify(prepared.envelope);
    const delivery = await this.post(body, "application/json", options, headers);
    return { ...delivery, eventId: prepared.eventId, event: prepared.event };
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
