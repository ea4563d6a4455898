/**
 * Plays Slack delivering to an app connected in Socket Mode: the same payloads the
 * signed-request client posts (both come from `SlackUserActions`), wrapped in Socket Mode
 * envelopes and pushed on the app's WebSocket; each call resolves with the app's ack. Trigger
 * ids and response_urls come from the fake Web API, as over HTTP.
 */
import type { ButtonSelector, ViewValues } from "./block-targets.js";
import type {
  FakeSlackApi,
  FakeSlackMessage,
  FakeSlackView,
  SocketModeAck,
  SocketModeEnvelope,
  ViewSubmissionOutcome,
} from "./fake-slack-api.js";
import { socketModeEnvelope } from "./slack-payloads.js";
import {
  type PreparedEvent,
  type PreparedInteraction,
  SlackUserActions,
  type TriggerOptions,
} from "./slack-user-actions.js";

export interface SocketModeSenderOptions {
  api: FakeSlackApi;
  teamId?: string;
  /** The slash command's name; "/duban" unless given. */
  command?: string;
  /** How long to wait for the app's ack (default 10 s). */
  ackTimeoutMs?: number;
}

export interface SocketEventOptions {
  eventId?: string;
  /** A redelivery: Slack's retry_attempt (1, 2, 3) and retry_reason ("timeout"…). */
  retryNum?: number;
  retryReason?: string;
}

/** One envelope pushed and acknowledged. */
export interface SocketDelivery {
  envelope: SocketModeEnvelope;
  ack: SocketModeAck;
  /** From sending the envelope on the socket to its ack. */
  ms: number;
}
export interface SocketEventDelivery extends SocketDelivery {
  eventId: string;
  event: Record<string, unknown>;
}
export interface SocketMessageDelivery extends SocketEventDelivery {
  channel: string;
  ts: string;
}
export interface SocketCommandDelivery extends SocketDelivery {
  responseUrlId: string;
  triggerId: string;
}
export interface SocketInteractionDelivery extends SocketDelivery {
  triggerId: string;
  responseUrlId?: string;
  payload: Record<string, unknown>;
}
export interface SocketViewSubmissionDelivery extends SocketDelivery {
  triggerId: string;
  payload: Record<string, unknown>;
  outcome: ViewSubmissionOutcome;
}

export function createSocketModeSender(options: SocketModeSenderOptions): SocketModeSender {
  return new SocketModeSender(options);
}

export class SocketModeSender {
  private readonly actions: SlackUserActions;
  private envelopes = 0;

  constructor(private readonly options: SocketModeSenderOptions) {
    this.actions = new SlackUserActions({
      api: options.api,
      ...(options.teamId ? { teamId: options.teamId } : {}),
      ...(options.command ? { command: options.command } : {}),
    });
  }

  /** Delivers an Events API `event_callback` wrapping `event`. */
  event(event: Record<string, unknown>, options: SocketEventOptions = {}) {
    return this.deliverEvent(this.actions.event(event, options.eventId), options);
  }

  /** The user writes `text` in their DM with the bot. */
  async dm(
    user: string,
    text: string,
    options: SocketEventOptions & { threadTs?: string } = {},
  ): Promise<SocketMessageDelivery> {
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
    options: SocketEventOptions = {},
  ): Promise<SocketMessageDelivery> {
    const prepared = this.actions.dmEdit(user, ts, newText, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts };
  }

  /** The user shares a file in their DM (a file_share message); the bot can download it. */
  async dmFile(
    user: string,
    file: { name?: string; title?: string; bytes?: Buffer; mimetype?: string; text?: string } = {},
    options: SocketEventOptions = {},
  ): Promise<SocketMessageDelivery & { fileId: string }> {
    const prepared = this.actions.dmFile(user, file, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts, fileId: prepared.fileId };
  }

  /** The user opens the app's Home (or Messages) tab; carries the published home view. */
  appHomeOpened(
    user: string,
    tab: "home" | "messages" = "home",
    options: SocketEventOptions = {},
  ): Promise<SocketEventDelivery> {
    return this.deliverEvent(this.actions.appHomeOpened(user, tab, options.eventId), options);
  }

  /** The user types `/duban <text>`, in their DM with the bot unless `channelId` is given. */
  async command(
    user: string,
    text: string,
    options: TriggerOptions & { channelId?: string; channelName?: string } = {},
  ): Promise<SocketCommandDelivery> {
    const prepared = this.actions.command(user, text, options);
    const delivery = await this.push("slash_commands", prepared.fields);
    return { ...delivery, responseUrlId: prepared.responseUrlId, triggerId: prepared.triggerId };
  }

  /** The user clicks a button on a message the bot posted (as stored now, after updates). */
  clickButton(
    user: string,
    message: Pick<FakeSlackMessage, "channel" | "ts">,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): Promise<SocketInteractionDelivery> {
    return this.interact(this.actions.clickButton(user, message, selector, options));
  }

  /** The user clicks a button on their App Home tab, as the bot last published it. */
  clickHomeButton(
    user: string,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): Promise<SocketInteractionDelivery> {
    return this.interact(this.actions.clickHomeButton(user, selector, options));
  }

  /** The user clicks a button in the modal on top of their stack. */
  clickViewButton(
    user: string,
    view: Pick<FakeSlackView, "id">,
    selector: ButtonSelector,
    options: TriggerOptions = {},
  ): Promise<SocketInteractionDelivery> {
    return this.interact(this.actions.clickViewButton(user, view, selector, options));
  }

  /**
   * The user submits the modal `view` with `values`. The outcome is what Slack makes of the
   * ack: without a payload (or an empty one) the modal closes; `response_action: "errors"`
   * shows the errors, as the same body would over HTTP.
   */
  async submitView(
    user: string,
    view: Pick<FakeSlackView, "id">,
    values: ViewValues,
    options: TriggerOptions = {},
  ): Promise<SocketViewSubmissionDelivery> {
    const prepared = this.actions.submitView(user, view, values, options);
    const delivery = await this.push("interactive", prepared.payload);
    const payload = delivery.ack.payload;
    const body = payload && Object.keys(payload).length > 0 ? JSON.stringify(payload) : "";
    const outcome = this.options.api.answerViewSubmission(user, prepared.view, {
      status: 200,
      body,
      ms: delivery.ms,
    });
    return { ...delivery, triggerId: prepared.triggerId, payload: prepared.payload, outcome };
  }

  private async interact(prepared: PreparedInteraction): Promise<SocketInteractionDelivery> {
    return { ...(await this.push("interactive", prepared.payload)), ...prepared };
  }

  private async deliverEvent(
    prepared: PreparedEvent,
    options: SocketEventOptions,
  ): Promise<SocketEventDelivery> {
    const delivery = await this.push("events_api", prepared.envelope, options);
    return { ...delivery, eventId: prepared.eventId, event: prepared.event };
  }

  private async push(
    type: SocketModeEnvelope["type"],
    payload: Record<string, unknown>,
    retry: { retryNum?: number; retryReason?: string } = {},
  ): Promise<SocketDelivery> {
    this.envelopes += 1;
    // Slack's envelope ids are UUIDs; a counter keeps them unique and readable in failures.
    const envelopeId = `fake-envelope-${this.envelopes}-${this.options.api.newId("")}`;
    const envelope = socketModeEnvelope(type, payload, {
      envelopeId,
      ...(retry.retryNum !== undefined ? { retryAttempt: retry.retryNum } : {}),
      ...(retry.retryReason !== undefined ? { retryReason: retry.retryReason } : {}),
    });
    const link = this.options.api.socketMode;
    const ack = await link.push(envelope, this.options.ackTimeoutMs);
    const sent = link.envelopes().find((pushed) => pushed.envelope.envelope_id === envelopeId);
    return { envelope, ack, ms: ack.at - (sent?.sentAt ?? ack.at) };
  }
}
