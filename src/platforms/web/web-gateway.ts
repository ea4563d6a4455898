import type { ButtonRows, Reply, RichText } from "../../core/reply.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { type ChatGateway, DeliveryError, type DeliveryLimits } from "../../outbox/chat-gateway.js";
import type { WebMessageBody, WebSpan } from "./web-message-body.js";
import { appendWebMessage, replaceWebMessage, writeWebChat } from "./web-message-store.js";
import type { WebNotifier } from "./web-notifier.js";

/** One message of the web chat, as the gateway writes it. */
export type WebPart =
  | { kind: "text"; text: WebSpan[]; buttons?: ButtonRows }
  | { kind: "file"; fileName: string; mimeType: string; bytes: Buffer; caption?: WebSpan[] };

/** A file larger than this is refused: the database row would be unreasonable. */
export const WEB_FILE_MAX_BYTES = 20 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// Nothing goes over a network: a database write per message is the only cost.
const WEB_LIMITS: DeliveryLimits = { chatRate: () => ({ intervalMs: 0, burst: 1000 }) };

/**
 * The outbox's way to the web try-out chat: each reply becomes rows of `WebMessage` in the
 * chat of the web identity whose `externalId` is the recipient (its private chat id), and the
 * waiting polls of this process are woken. Text is kept as the core's spans (plain text with
 * styles), never as HTML, so the page never has to trust markup; a file's bytes go to
 * `WebFile`, so it can be downloaded after a restart. Edits replace a row in place and move
 * it past the readers' cursors.
 *
 * @example
 * const gateway = new WebGateway({ prisma, notifier });
 * for (const part of gateway.renderParts(textMessage("Hi"))) await gateway.sendPart(chatId, part);
 */
export class WebGateway implements ChatGateway<WebPart> {
  readonly platform = "web" as const;
  readonly limits = WEB_LIMITS;
  readonly #prisma: PrismaClient;
  readonly #notifier: WebNotifier | undefined;
  readonly #now: () => Date;

  constructor(options: { prisma: PrismaClient; notifier?: WebNotifier; now?: () => Date }) {
    this.#prisma = options.prisma;
    this.#notifier = options.notifier;
    this.#now = options.now ?? (() => new Date());
  }

  /** One web message per reply: the page scrolls, so nothing is split. */
  renderParts(reply: Reply): WebPart[] {
    return [renderWebPart(reply)];
  }

  async sendPart(recipient: string, part: WebPart): Promise<{ messageId: string }> {
    const identityId = await this.#identityOf(recipient);
    const now = this.#now();
    const id = await writeWebChat(this.#prisma, identityId, async (tx) => {
      let body: WebMessageBody;
      if (part.kind === "file") {
        const file = await tx.webFile.create({
          data: {
            identityId,
            fileName: part.fileName,
            mimeType: part.mimeType,
            bytes: new Uint8Array(part.bytes),
            createdAt: now,
          },
          select: { id: true },
        });
        const meta = { id: file.id, name: part.fileName, mimeType: part.mimeType };
        body = {
          kind: "file",
          file: { ...meta, size: part.bytes.length },
          ...(part.caption ? { caption: part.caption } : {}),
        };
      } else body = textBody(part);
      return (await appendWebMessage(tx, { identityId, direction: "bot", body, now })).id;
    });
    this.#notifier?.notify(identityId);
    return { messageId: id };
  }

  async editPart(recipient: string, messageId: string, part: WebPart): Promise<void> {
    if (part.kind !== "text") {
      throw new DeliveryError("web: only text messages can be edited", { kind: "permanent" });
    }
    const identityId = await this.#identityOf(recipient);
    const replaced = await writeWebChat(this.#prisma, identityId, (tx) =>
      replaceWebMessage(tx, { identityId, messageId, body: textBody(part), now: this.#now() }),
    );
    if (!replaced) {
      throw new DeliveryError("web: the message to edit is gone", { kind: "permanent" });
    }
    this.#notifier?.notify(identityId);
  }

  async #identityOf(recipient: string): Promise<string> {
    const identity = await this.#prisma.chatIdentity.findUnique({
      where: { platform_externalId: { platform: "web", externalId: recipient } },
      select: { id: true },
    });
    if (!identity) {
      throw new DeliveryError("web: no try-out chat with this id", { kind: "permanent" });
    }
    return identity.id;
  }
}

/** The web message that shows `reply` (pure; a permanent DeliveryError for a broken file). */
export function renderWebPart(reply: Reply): WebPart {
  if (reply.kind === "message") {
    const buttons = reply.buttons?.filter((row) => row.length > 0) ?? [];
    return {
      kind: "text",
      text: spansOf(reply.text),
      ...(buttons.length > 0 ? { buttons: buttons.map((row) => row.map(copyButton)) } : {}),
    };
  }
  if (reply.kind === "edit") return { kind: "text", text: spansOf(reply.text) };
  const base64 = reply.base64.replace(/\s+/g, "");
  if (!BASE64.test(base64) || base64.length % 4 === 1) {
    throw new DeliveryError("web: the file is not base64", { kind: "permanent" });
  }
  const bytes = Buffer.from(base64, "base64");
  if (bytes.length > WEB_FILE_MAX_BYTES) {
    throw new DeliveryError("web: the file is too large", { kind: "permanent" });
  }
  return {
    kind: "file",
    fileName: reply.fileName,
    mimeType: reply.mimeType,
    bytes,
    ...(reply.caption && reply.caption.length > 0 ? { caption: spansOf(reply.caption) } : {}),
  };
}

function textBody(part: Extract<WebPart, { kind: "text" }>): WebMessageBody {
  return { kind: "text", text: part.text, ...(part.buttons ? { buttons: part.buttons } : {}) };
}

/** The spans without empty ones and without fields the page does not know. */
function spansOf(text: RichText): WebSpan[] {
  return text
    .filter((span) => span.text !== "")
    .map((span) => (span.style ? { text: span.text, style: span.style } : { text: span.text }));
}

function copyButton(button: { label: string; data: string }): { label: string; data: string } {
  return { label: button.label, data: button.data };
}
