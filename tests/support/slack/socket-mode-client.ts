/**
 * Plays Slack delivering to an app connected in Socket Mode: the same payloads the
 * signed-request client posts (both senders are `UserActionSender`), wrapped in Socket Mode
 * envelopes and pushed on the app's WebSocket; each call resolves with the app's ack. Trigger
 * ids and response_urls come from the fake Web API, as over HTTP. This file says only how
 * Socket Mode delivers.
 */
import type { FakeSlackApi, SocketModeAck, SocketModeEnvelope } from "./fake-slack-api.js";
import { socketModeEnvelope } from "./slack-payloads.js";
import type { TriggerOptions } from "./slack-user-actions.js";
import {
  type CommandDeliveryOf,
  type EventDeliveryOf,
  type InteractionDeliveryOf,
  type MessageDeliveryOf,
  type SlackTransport,
  UserActionSender,
  type UserEventOptions,
  type ViewSubmissionDeliveryOf,
} from "./user-action-sender.js";

export interface SocketModeSenderOptions {
  api: FakeSlackApi;
  teamId?: string;
  /** The slash command's name; "/duban" unless given. */
  command?: string;
  /** How long to wait for the app's ack (default 10 s). */
  ackTimeoutMs?: number;
}

/** A redelivery carries Slack's retry_attempt (1, 2, 3) and retry_reason ("timeout"…). */
export interface SocketEventOptions extends UserEventOptions {}

/** One envelope pushed and acknowledged. */
export interface SocketDelivery {
  envelope: SocketModeEnvelope;
  ack: SocketModeAck;
  /** From sending the envelope on the socket to its ack. */
  ms: number;
}
export type SocketEventDelivery = EventDeliveryOf<SocketDelivery>;
export type SocketMessageDelivery = MessageDeliveryOf<SocketDelivery>;
export type SocketCommandDelivery = CommandDeliveryOf<SocketDelivery>;
export type SocketInteractionDelivery = InteractionDeliveryOf<SocketDelivery>;
export type SocketViewSubmissionDelivery = ViewSubmissionDeliveryOf<SocketDelivery>;

export function createSocketModeSender(options: SocketModeSenderOptions): SocketModeSender {
  return new SocketModeSender(options);
}

/** The user's actions, each pushed as an envelope on the app's Socket Mode connection. */
export class SocketModeSender extends UserActionSender<
  SocketDelivery,
  SocketEventOptions,
  TriggerOptions
> {
  constructor(options: SocketModeSenderOptions) {
    super(options, socketModeTransport(options));
  }
}

/**
 * Slack's deliveries as envelopes acked on the socket. A view submission's ack payload is the
 * app's answer: without one (or an empty one) the modal closes; `response_action: "errors"`
 * shows the errors, as the same body would over HTTP.
 */
function socketModeTransport(
  options: SocketModeSenderOptions,
): SlackTransport<SocketDelivery, SocketEventOptions, TriggerOptions> {
  let envelopes = 0;
  const push = async (
    type: SocketModeEnvelope["type"],
    payload: Record<string, unknown>,
    retry: { retryNum?: number; retryReason?: string } = {},
  ): Promise<SocketDelivery> => {
    envelopes += 1;
    // Slack's envelope ids are UUIDs; a counter keeps them unique and readable in failures.
    const envelopeId = `fake-envelope-${envelopes}-${options.api.newId("")}`;
    const envelope = socketModeEnvelope(type, payload, {
      envelopeId,
      ...(retry.retryNum !== undefined ? { retryAttempt: retry.retryNum } : {}),
      ...(retry.retryReason !== undefined ? { retryReason: retry.retryReason } : {}),
    });
    const link = options.api.socketMode;
    const ack = await link.push(envelope, options.ackTimeoutMs);
    const sent = link.envelopes().find((pushed) => pushed.envelope.envelope_id === envelopeId);
    return { envelope, ack, ms: ack.at - (sent?.sentAt ?? ack.at) };
  };
  return {
    deliverEvent: (prepared, retry) => push("events_api", prepared.envelope, retry),
    deliverCommand: (fields) => push("slash_commands", fields),
    deliverInteraction: (payload) => push("interactive", payload),
    async deliverViewSubmission(payload) {
      const delivery = await push("interactive", payload);
      const acked = delivery.ack.payload;
      const body = acked && Object.keys(acked).length > 0 ? JSON.stringify(acked) : "";
      return { delivery, answer: { status: 200, body, ms: delivery.ms } };
    },
  };
}
