import type { WebClient } from "@slack/web-api";
import type { Reply } from "../../core/reply.js";
import type { Logger } from "../../logger.js";
import type { ChatGateway, DeliveryLimits } from "../../outbox/chat-gateway.js";
import { renderSlackReply, type SlackPart } from "./render-reply.js";
import {
  describeSlackError,
  SlackDeliveryError,
  toSlackDeliveryError,
} from "./slack-delivery-error.js";
import { fileRefId, messageRefId, parseSlackMessageId } from "./slack-message-id.js";

/** Slack's sending limits; the defaults follow what Slack documents for chat.postMessage. */
export interface SlackLimits {
  /**
   * Messages a second across all channels (default 10). Slack keeps a workspace-wide limit
   * of "several hundred messages a minute" besides the per-channel one.
   */
  perSecond?: number;
  /** In one channel or DM, about one message a second (default 1000 ms)… */
  channelIntervalMs?: number;
  /** …with short bursts allowed (default 3). */
  channelBurst?: number;
}

/** DM channels remembered by user id; enough for every person of a workspace. */
const DM_CHANNELS_MAX = 10_000;

/** A user (U…, W…: Slack posts to the app's DM with them), a DM (D…), a channel (C…, G…). */
const RECIPIENT = /^[UWDCG][A-Z0-9]{2,30}$/;
const USER = /^[UW]/;

/**
 * The outbox's way to Slack: renders a `Reply` as Block Kit messages and files (see
 * `renderSlackReply`) and posts them one at a time over the Web API: chat.postMessage for a
 * message (links and media not unfurled), files.uploadV2 for a file (a user id is first
 * turned into the DM's channel with conversations.open, as a file needs a channel),
 * chat.update for an edit. Give it a client from `createSlackDeliveryClient`: rate-limited
 * calls must fail at once, so the outbox waits out Retry-After instead of the SDK. Every
 * failure becomes a `SlackDeliveryError` (see `toSlackDeliveryError`).
 *
 * @example
 * const gateway = new SlackGateway({ client: createSlackDeliveryClient(token), logger });
 * for (const part of gateway.renderParts(textMessage("Hi"))) await gateway.sendPart("U123", part);
 */
export class SlackGateway implements ChatGateway<SlackPart> {
  readonly platform = "slack" as const;
  readonly limits: DeliveryLimits;
  readonly #client: WebClient;
  readonly #logger: Logger | undefined;
  readonly #dmChannels = new Map<string, string>();

  constructor(options: { client: WebClient; logger?: Logger; limits?: SlackLimits }) {
    this.#client = options.client;
    this.#logger = options.logger;
    const limits = options.limits ?? {};
    const channelRate = {
      intervalMs: limits.channelIntervalMs ?? 1000,
      burst: limits.channelBurst ?? 3,
    };
    this.limits = {
      perSecond: limits.perSecond ?? 10,
      chatRate: () => channelRate,
      retryAfterHoldsAll: true,
    };
  }

  /** The Slack messages that deliver `reply`, in order (a permanent DeliveryError if Slack
   * would refuse it). */
  renderParts(reply: Reply): SlackPart[] {
    try {
      return renderSlackReply(reply);
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new SlackDeliveryError(`slack: cannot render reply: ${reason}`, "render", {
        kind: "permanent",
        cause: error,
      });
    }
  }

  /**
   * Posts one part to a user, DM or channel; resolves with `<channel>:<ts>` for a message
   * (the channel Slack posted in), `file:<id>` for a file.
   */
  async sendPart(recipient: string, part: SlackPart): Promise<{ messageId: string }> {
    if (!RECIPIENT.test(recipient)) {
      throw new SlackDeliveryError("slack: recipient is not a user or channel id", "send", {
        kind: "permanent",
      });
    }
    if (part.kind === "message") {
      const posted = await this.#call("chat.postMessage", () =>
        this.#client.chat.postMessage({
          channel: recipient,
          text: part.text,
          blocks: part.blocks,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!posted.channel || !posted.ts) throw answerWithout("chat.postMessage", "channel or ts");
      return { messageId: messageRefId(posted.channel, posted.ts) };
    }
    const channel = USER.test(recipient) ? await this.#dmChannel(recipient) : recipient;
    const uploaded = await this.#call("files.uploadV2", () =>
      this.#client.filesUploadV2({
        channel_id: channel,
        file: Buffer.from(part.base64, "base64"),
        filename: part.fileName,
        title: part.title,
        ...(part.initialComment ? { initial_comment: part.initialComment } : {}),
      }),
    );
    const fileId = uploaded.files[0]?.files?.[0]?.id;
    if (!fileId) throw answerWithout("files.uploadV2", "file id");
    return { messageId: fileRefId(fileId) };
  }

  /** Replaces a posted message's text and blocks (chat.update); a file cannot be edited. */
  async editPart(_recipient: string, messageId: string, part: SlackPart): Promise<void> {
    const ref = parseSlackMessageId(messageId);
    if (ref?.kind !== "message" || part.kind !== "message") {
      throw new SlackDeliveryError("slack: only a posted message can be edited", "chat.update", {
        kind: "permanent",
      });
    }
    // The channel comes from the id, not the recipient: a user's message lives in the DM.
    await this.#call("chat.update", () =>
      this.#client.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: part.text,
        blocks: part.blocks,
      }),
    );
  }

  /** The DM channel with a user, opened once and remembered (it never changes). */
  async #dmChannel(user: string): Promise<string> {
    const known = this.#dmChannels.get(user);
    if (known) return known;
    const opened = await this.#call("conversations.open", () =>
      this.#client.conversations.open({ users: user }),
    );
    const channel = opened.channel?.id;
    if (!channel) throw answerWithout("conversations.open", "channel id");
    if (this.#dmChannels.size >= DM_CHANNELS_MAX) this.#dmChannels.clear();
    this.#dmChannels.set(user, channel);
    return channel;
  }

  async #call<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error: unknown) {
      const failure = toSlackDeliveryError(error, method);
      // The outbox logs the failure's message; what Slack said of the payload's shape (the
      // JSON pointers of invalid_blocks) is only here.
      if (failure.kind === "permanent") {
        this.#logger?.warn(describeSlackError(failure), "slack refused a call");
      }
      throw failure;
    }
  }
}

/**
 * Slack said ok but left out what names the message: it may well have been posted, so trying
 * again could post it twice. Permanent, and logged by the outbox.
 */
function answerWithout(method: string, what: string): SlackDeliveryError {
  return new SlackDeliveryError(`slack ${method}: the answer has no ${what}`, method, {
    kind: "permanent",
  });
}
