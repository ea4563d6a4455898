/**
 * Plays Slack delivering to an app's Request URL: Events API callbacks as JSON, slash commands
 * and interactions as forms, each signed with the app's signing secret the way Slack signs them
 * (`v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>`). Trigger ids and response_urls come
 * from the fake Web API, so the app's views.open and respond() calls land there and are held
 * to Slack's lifetimes. What the user does is `UserActionSender`'s, which Socket Mode's sender
 * (`createSocketModeSender`, re-exported here) shares; this file says only how HTTP delivers.
 */
import { byLabel, formValues } from "./block-targets.js";
import type { FakeSlackApi } from "./fake-slack-api.js";
import { type Delivery, postSigned, type SignOptions } from "./signed-delivery.js";
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

export type { ButtonSelector, ViewValues } from "./block-targets.js";
export type { Delivery, SignOptions } from "./signed-delivery.js";
export { signSlackRequest } from "./signed-delivery.js";
export {
  createSocketModeSender,
  type SocketModeSender,
  type SocketModeSenderOptions,
} from "./socket-mode-client.js";
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

/** Retries go out as Slack's headers X-Slack-Retry-Num and X-Slack-Retry-Reason ("http_timeout"…). */
export interface EventOptions extends SignOptions, UserEventOptions {}

/** Trigger ids expire 3 s after issue; `triggerAgeMs` issues one already that old. */
export interface InteractionOptions extends SignOptions, TriggerOptions {}

export type EventDelivery = EventDeliveryOf<Delivery>;
export type MessageDelivery = MessageDeliveryOf<Delivery>;
export type CommandDelivery = CommandDeliveryOf<Delivery>;
export type InteractionDelivery = InteractionDeliveryOf<Delivery>;
export type ViewSubmissionDelivery = ViewSubmissionDeliveryOf<Delivery>;

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  return new SlackSender(options);
}

/** The user's actions, each posted signed to the app's Request URL. */
export class SlackSender extends UserActionSender<Delivery, EventOptions, InteractionOptions> {
  constructor(options: SlackSenderOptions) {
    super(options, httpTransport(options));
  }
}

const FORM = "application/x-www-form-urlencoded";

/** Slack's deliveries as signed POSTs; the app's HTTP answer to a submission is judged as is. */
function httpTransport(
  target: SlackSenderOptions,
): SlackTransport<Delivery, EventOptions, InteractionOptions> {
  const postPayload = (payload: Record<string, unknown>, options: SignOptions) => {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) });
    return postSigned(target, form.toString(), FORM, options);
  };
  return {
    deliverEvent(prepared, options) {
      const headers: Record<string, string> = {};
      if (options.retryNum !== undefined) headers["x-slack-retry-num"] = String(options.retryNum);
      if (options.retryReason !== undefined) headers["x-slack-retry-reason"] = options.retryReason;
      const body = JSON.stringify(prepared.envelope);
      return postSigned(target, body, "application/json", options, headers);
    },
    deliverCommand(fields, options) {
      return postSigned(target, new URLSearchParams(fields).toString(), FORM, options);
    },
    deliverInteraction: postPayload,
    async deliverViewSubmission(payload, options) {
      const delivery = await postPayload(payload, options);
      return { delivery, answer: delivery };
    },
  };
}
