import type { IncomingHandler } from "../../core/incoming.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import { type WebSender, webToIncoming } from "./to-incoming.js";
import type { WebMessageBody } from "./web-message-body.js";
import {
  appendWebMessage,
  findWebMessage,
  replaceWebMessage,
  writeWebChat,
} from "./web-message-store.js";
import type { WebNotifier } from "./web-notifier.js";
import type { WebChoiceBody, WebTextBody } from "./web-request-bodies.js";

/** What became of a posted input. */
export type WebInputOutcome =
  | { kind: "accepted"; messageId: string; duplicate: boolean }
  /** The message has no such button (any more): it was answered, or never had it. */
  | { kind: "buttonGone" }
  | { kind: "invalid" };

interface ReceiveOptions {
  prisma: PrismaClient;
  handleIncoming: IncomingHandler;
  notifier: WebNotifier;
  sender: WebSender;
  now: Date;
}

/**
 * A text or command the person sent: stored as their message (once per `clientId`), then
 * handed to the core, whose replies come back through the outbox. A retried POST stores
 * nothing new and the core recognises the update, so it is handled once; it is still passed
 * on, in case the first attempt stopped between the two.
 */
export async function receiveWebText(
  options: ReceiveOptions & { body: WebTextBody },
): Promise<WebInputOutcome> {
  const { sender, body, now } = options;
  const incoming = webToIncoming({ sender, input: { kind: "text", ...body }, now });
  if (!incoming) return { kind: "invalid" };
  const stored = await writeWebChat(options.prisma, sender.identityId, (tx) =>
    appendWebMessage(tx, {
      identityId: sender.identityId,
      direction: "person",
      body: { kind: "text", text: [{ text: body.text }] },
      clientKey: body.clientId,
      now,
    }),
  );
  options.notifier.notify(sender.identityId);
  await options.handleIncoming(incoming);
  return { kind: "accepted", messageId: stored.id, duplicate: !stored.created };
}

/**
 * A button pressed. Like Telegram's and Slack's adapters, the card then loses its buttons and
 * shows what was chosen (an edit, read again past the cursor), so an old question cannot be
 * answered twice; a second press (another tab) is refused as `buttonGone`.
 */
export async function receiveWebChoice(
  options: ReceiveOptions & { body: WebChoiceBody },
): Promise<WebInputOutcome> {
  const { sender, body, now } = options;
  const incoming = webToIncoming({ sender, input: { kind: "choice", ...body }, now });
  if (!incoming) return { kind: "invalid" };
  const { identityId } = sender;
  const stored = await writeWebChat(options.prisma, identityId, async (tx) => {
    const repeated = await tx.webMessage.findUnique({
      where: { identityId_clientKey: { identityId, clientKey: body.clientId } },
      select: { id: true },
    });
    if (repeated) return { id: String(repeated.id), created: false };
    const card = await findWebMessage(tx, { identityId, messageId: body.messageId });
    const label = card?.direction === "bot" ? labelOf(card.body, body.data) : undefined;
    if (!card || label === undefined || card.body.kind !== "text") return undefined;
    const answered: WebMessageBody = { kind: "text", text: card.body.text, chosen: label };
    await replaceWebMessage(tx, { identityId, messageId: body.messageId, body: answered, now });
    return appendWebMessage(tx, {
      identityId,
      direction: "person",
      body: { kind: "choice", label },
      clientKey: body.clientId,
      now,
    });
  });
  if (!stored) return { kind: "buttonGone" };
  options.notifier.notify(identityId);
  await options.handleIncoming(incoming);
  return { kind: "accepted", messageId: stored.id, duplicate: !stored.created };
}

/** The label of the button with `data` on a card still open, or undefined. */
function labelOf(body: WebMessageBody, data: string): string | undefined {
  if (body.kind !== "text" || body.chosen !== undefined) return undefined;
  for (const row of body.buttons ?? []) {
    const button = row.find((candidate) => candidate.data === data);
    if (button) return button.label;
  }
  return undefined;
}
