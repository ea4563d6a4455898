import { type Incoming, ZIncoming } from "../../core/incoming.js";
import type { WebChoiceBody, WebTextBody } from "./web-request-bodies.js";

/** The web identity a request comes from: its chat is private and has its `externalId`. */
export interface WebSender {
  identityId: string;
  externalId: string;
  displayName: string;
}

/** A command as typed: `/name` and arguments after whitespace. */
const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:\s+([\s\S]*))?$/;

/**
 * Translates what the page posted (already validated by `ZWebTextBody` or `ZWebChoiceBody`)
 * into the core's `Incoming`: a text, a slash command (`/report`, `/status faster-api`), or a
 * button's data. `updateKey` is the sender's identity and the page's `clientId`, so a retried
 * POST is one update. Pure; undefined when the result is not a valid `Incoming`.
 *
 * @example webToIncoming({ sender, input: { kind: "text", clientId: "a1b2c3d4", text: "/report" } })
 */
export function webToIncoming(options: {
  sender: WebSender;
  input: ({ kind: "text" } & WebTextBody) | ({ kind: "choice" } & WebChoiceBody);
  now?: Date;
}): Incoming | undefined {
  const { sender, input } = options;
  const content: Incoming["content"] =
    input.kind === "choice" ? { kind: "choice", data: input.data } : textContent(input.text);
  const parsed = ZIncoming.safeParse({
    platform: "web",
    updateKey: `${sender.identityId}:${input.clientId}`,
    receivedAt: options.now ?? new Date(),
    user: { externalId: sender.externalId, displayName: sender.displayName.slice(0, 256) },
    chat: { id: sender.externalId, kind: "private" },
    content,
  });
  return parsed.success ? parsed.data : undefined;
}

function textContent(text: string): Incoming["content"] {
  const command = COMMAND.exec(text.trim());
  if (!command) return { kind: "text", text };
  const [, name = "", args = ""] = command;
  return { kind: "command", name: name.toLowerCase(), args: args.trim() };
}
