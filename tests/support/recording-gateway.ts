import { plainText, type Reply } from "../../src/core/reply.js";
import type {
  ChatGateway,
  DeliveryError,
  DeliveryLimits,
  OutboxPlatform,
} from "../../src/outbox/chat-gateway.js";

/** One message the recording gateway delivered. */
export interface RecordedSend {
  recipient: string;
  text: string;
  messageId: string;
  /** `performance.now()` when the send was made. */
  at: number;
  /** Set when this was an edit of an earlier message (its id is `messageId`). */
  edit?: boolean;
}

/** No limits worth waiting for: the tests measure the outbox, not the clock. */
export const UNLIMITED: DeliveryLimits = {
  chatRate: () => ({ intervalMs: 0, burst: 1 }),
};

/**
 * A gateway that records what it sends and fails on demand, like a platform would. A message
 * whose text contains `|` is split there into parts, as a long text is by a real gateway.
 * `failures` are taken one per send, in order (`undefined` lets that send through);
 * `fail(recipient)` gives the next failure for that chat only.
 */
export function recordingGateway(
  options: { platform?: OutboxPlatform; limits?: DeliveryLimits } = {},
) {
  const sent: RecordedSend[] = [];
  const failures: (DeliveryError | undefined)[] = [];
  const byChat = new Map<string, DeliveryError[]>();
  let nextId = 1;
  const gateway: ChatGateway<string> = {
    platform: options.platform ?? "telegram",
    limits: options.limits ?? UNLIMITED,
    renderParts(reply: Reply) {
      const text = reply.kind === "file" ? reply.fileName : plainText(reply.text);
      return text.split("|");
    },
    async sendPart(recipient: string, part: string) {
      const failure = byChat.get(recipient)?.shift() ?? failures.shift();
      if (failure) throw failure;
      const messageId = String(nextId++);
      sent.push({ recipient, text: part, messageId, at: performance.now() });
      return { messageId };
    },
    async editPart(recipient: string, messageId: string, part: string) {
      const failure = byChat.get(recipient)?.shift() ?? failures.shift();
      if (failure) throw failure;
      sent.push({ recipient, text: part, messageId, at: performance.now(), edit: true });
    },
  };
  return {
    gateway,
    sent,
    failures,
    fail(recipient: string, error: DeliveryError) {
      const queue = byChat.get(recipient) ?? [];
      queue.push(error);
      byChat.set(recipient, queue);
    },
    textsTo: (recipient: string) =>
      sent.filter((m) => m.recipient === recipient).map((m) => m.text),
  };
}
