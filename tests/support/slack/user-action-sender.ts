/**
 * What a user does in Slack, delivered to the app: each method builds its payload through
 * `SlackUserActions` and hands it to a transport, which says how Slack delivers it and what
 * the delivery gives back. `slack-client.ts` posts signed requests to a Request URL,
 * `socket-mode-client.ts` pushes envelopes over Socket Mode; both senders are this class with
 * their own transport, so the two send the same payloads and return the same fields around
 * their own delivery result.
 */
import type { ButtonSelector, ViewValues } from "./block-targets.js";
import type {
  FakeSlackApi,
  FakeSlackMessage,
  FakeSlackView,
  ViewSubmissionOutcome,
} from "./fake-slack-api.js";
import {
  type PreparedEvent,
  type PreparedInteraction,
  SlackUserActions,
  type TriggerOptions,
  type UserActionsOptions,
} from "./slack-user-actions.js";

/** What every transport reads from an event's options. */
export interface UserEventOptions {
  eventId?: string;
  /** A redelivery: how many times Slack tried before, and why. */
  retryNum?: number;
  retryReason?: string;
}

/** The app's answer to a view submission, as Slack judges it (see `answerViewSubmission`). */
export interface ViewSubmissionAnswer {
  status: number;
  body: string;
  ms: number;
}

/**
 * How one kind of connection carries Slack's deliveries to the app. `D` is what a delivery
 * gives back; `E` and `T` are the options of events and of commands and interactions.
 */
export interface SlackTransport<D, E extends UserEventOptions, T extends TriggerOptions> {
  /** An Events API callback. */
  deliverEvent(prepared: PreparedEvent, options: Partial<E>): Promise<D>;
  /** A slash command's form fields. */
  deliverCommand(fields: Record<string, string>, options: Partial<T>): Promise<D>;
  /** A block_actions payload. */
  deliverInteraction(payload: Record<string, unknown>, options: Partial<T>): Promise<D>;
  /** A view_submission payload, with the app's answer to judge it by. */
  deliverViewSubmission(
    payload: Record<string, unknown>,
    options: Partial<T>,
  ): Promise<{ delivery: D; answer: ViewSubmissionAnswer }>;
}

export type EventDeliveryOf<D> = D & { eventId: string; event: Record<string, unknown> };
export type MessageDeliveryOf<D> = EventDeliveryOf<D> & { channel: string; ts: string };
export type CommandDeliveryOf<D> = D & { responseUrlId: string; triggerId: string };
export type InteractionDeliveryOf<D> = D & {
  triggerId: string;
  /** Absent for clicks in views, which Slack sends without a response_url. */
  responseUrlId?: string;
  payload: Record<string, unknown>;
};
export type ViewSubmissionDeliveryOf<D> = D & {
  triggerId: string;
  payload: Record<string, unknown>;
  outcome: ViewSubmissionOutcome;
};

export class UserActionSender<D, E extends UserEventOptions, T extends TriggerOptions> {
  private readonly api: FakeSlackApi;
  private readonly actions: SlackUserActions;

  constructor(
    options: UserActionsOptions,
    private readonly transport: SlackTransport<D, E, T>,
  ) {
    this.api = options.api;
    this.actions = new SlackUserActions({
      api: options.api,
      ...(options.teamId ? { teamId: options.teamId } : {}),
      ...(options.command ? { command: options.command } : {}),
    });
  }

  /** Delivers an Events API `event_callback` wrapping `event`. */
  event(event: Record<string, unknown>, options: Partial<E> = {}): Promise<EventDeliveryOf<D>> {
    return this.deliverEvent(this.actions.event(event, options.eventId), options);
  }

  /** The user writes `text` in their DM with the bot. */
  async dm(
    user: string,
    text: string,
    options: Partial<E> & { threadTs?: string } = {},
  ): Promise<MessageDeliveryOf<D>> {
    const { threadTs } = options;
    const prepared = this.actions.dm(user, text, {
      ...(threadTs ? { threadTs } : {}),
      ...(options.eventId ? { eventId: options.eventId } : {}),
    });
    // The transport reads only its own options; threadTs went into the event.
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts };
  }

  /** The user edits their DM message `ts` to `newText` (a message_changed event). */
  async dmEdit(
    user: string,
    ts: string,
    newText: string,
    options: Partial<E> = {},
  ): Promise<MessageDeliveryOf<D>> {
    const prepared = this.actions.dmEdit(user, ts, newText, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts };
  }

  /** The user shares a file in their DM (a file_share message); the bot can download it. */
  async dmFile(
    user: string,
    file: { name?: string; title?: string; bytes?: Buffer; mimetype?: string; text?: string } = {},
    options: Partial<E> = {},
  ): Promise<MessageDeliveryOf<D> & { fileId: string }> {
    const prepared = this.actions.dmFile(user, file, options.eventId);
    const delivery = await this.deliverEvent(prepared, options);
    return { ...delivery, channel: prepared.channel, ts: prepared.ts, fileId: prepared.fileId };
  }

  /** The user opens the app's Home (or Messages) tab; carries the published home view. */
  appHomeOpened(
    user: string,
    tab: "home" | "messages" = "home",
    options: Partial<E> = {},
  ): Promise<EventDeliveryOf<D>> {
    return this.deliverEvent(this.actions.appHomeOpened(user, tab, options.eventId), options);
  }

  /** The user types `/duban <text>`, in their DM with the bot unless `channelId` is given. */
  async command(
    user: string,
    text: string,
    options: Partial<T> & { channelId?: string; channelName?: string } = {},
  ): Promise<CommandDeliveryOf<D>> {
    const prepared = this.actions.command(user, text, options);
    const delivery = await this.transport.deliverCommand(prepared.fields, options);
    return { ...delivery, responseUrlId: prepared.responseUrlId, triggerId: prepared.triggerId };
  }

  /** The user clicks a button on a message the bot posted (as stored now, after updates). */
  clickButton(
    user: string,
    message: Pick<FakeSlackMessage, "channel" | "ts">,
    selector: ButtonSelector,
    options: Partial<T> = {},
  ): Promise<InteractionDeliveryOf<D>> {
    return this.interact(this.actions.clickButton(user, message, selector, options), options);
  }

  /** The user clicks a button on their App Home tab, as the bot last published it. */
  clickHomeButton(
    user: string,
    selector: ButtonSelector,
    options: Partial<T> = {},
  ): Promise<InteractionDeliveryOf<D>> {
    return this.interact(this.actions.clickHomeButton(user, selector, options), options);
  }

  /** The user clicks a button in the modal on top of their stack. */
  clickViewButton(
    user: string,
    view: Pick<FakeSlackView, "id">,
    selector: ButtonSelector,
    options: Partial<T> = {},
  ): Promise<InteractionDeliveryOf<D>> {
    return this.interact(this.actions.clickViewButton(user, view, selector, options), options);
  }

  /**
   * The user submits the modal `view` with `values` (see `formValues`). Throws for what the
   * Slack client would not submit (a required input empty, a number out of range…). The
   * outcome is what Slack makes of the app's answer: an empty one closes the modal;
   * `response_action: "errors"` shows the errors.
   */
  async submitView(
    user: string,
    view: Pick<FakeSlackView, "id">,
    values: ViewValues,
    options: Partial<T> = {},
  ): Promise<ViewSubmissionDeliveryOf<D>> {
    const prepared = this.actions.submitView(user, view, values, options);
    const { delivery, answer } = await this.transport.deliverViewSubmission(
      prepared.payload,
      options,
    );
    const outcome = this.api.answerViewSubmission(user, prepared.view, answer);
    return { ...delivery, triggerId: prepared.triggerId, payload: prepared.payload, outcome };
  }

  private async interact(
    prepared: PreparedInteraction,
    options: Partial<T>,
  ): Promise<InteractionDeliveryOf<D>> {
    return { ...(await this.transport.deliverInteraction(prepared.payload, options)), ...prepared };
  }

  private async deliverEvent(
    prepared: PreparedEvent,
    options: Partial<E>,
  ): Promise<EventDeliveryOf<D>> {
    const delivery = await this.transport.deliverEvent(prepared, options);
    return { ...delivery, eventId: prepared.eventId, event: prepared.event };
  }
}
