import { z } from "zod";
import { type Incoming, ZIncoming } from "../../core/incoming.js";

/**
 * Slack payloads as the core's `Incoming`. Pure and never throwing: each payload is read
 * through a zod schema of the fields duban uses (Slack adds fields freely), and anything
 * that is not for the bot gives `undefined`.
 *
 * A person's private chat is their user id: Slack posts to a user id as the app's direct
 * message, so a slash command typed anywhere and a message in the app's DM answer to the
 * same place, and the outbox can reach someone bound in the campaign file before they wrote.
 */

const ZUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

const ZMessageEvent = z.object({
  type: z.literal("message"),
  channel: z.string().min(1),
  channel_type: z.string().optional(),
  user: ZUserId.optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().min(1),
  message: z
    .object({
      user: ZUserId.optional(),
      bot_id: z.string().optional(),
      text: z.string().optional(),
      ts: z.string().min(1),
    })
    .optional(),
});

const ZHomeOpened = z.object({
  type: z.literal("app_home_opened"),
  user: ZUserId,
  tab: z.string().optional(),
});

const ZCommand = z.object({
  command: z.string(),
  text: z.string().default(""),
  user_id: ZUserId,
  user_name: z.string().optional(),
  channel_id: z.string().min(1),
  trigger_id: z.string().min(1),
});

const ZAction = z.object({
  type: z.literal("block_actions"),
  trigger_id: z.string().min(1),
  user: z.object({ id: ZUserId, username: z.string().optional(), name: z.string().optional() }),
  container: z
    .object({
      type: z.string(),
      channel_id: z.string().optional(),
      is_ephemeral: z.boolean().optional(),
    })
    .optional(),
  channel: z.object({ id: z.string() }).optional(),
  actions: z
    .array(z.object({ type: z.string(), action_id: z.string(), value: z.string().optional() }))
    .min(1),
});

const ZViewSubmission = z.object({
  type: z.literal("view_submission"),
  trigger_id: z.string().min(1),
  user: z.object({ id: ZUserId, username: z.string().optional(), name: z.string().optional() }),
  view: z.object({ id: z.string(), callback_id: z.string(), private_metadata: z.string() }),
});

/** Slack's own markup in typed text, turned back into what the person typed. */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>|]+)\|([^<>]*)>/g, (_, target: string, label: string) =>
      target.startsWith("@") || target.startsWith("#") || target.startsWith("!")
        ? `${target.charAt(0) === "#" ? "#" : "@"}${label}`
        : label,
    )
    .replace(/<([@#])([A-Z0-9]+)>/g, "$1$2")
    .replace(/<!(here|channel|everyone)>/g, "@$1")
    .replace(/<(https?:\/\/[^<>]+|mailto:[^<>]+)>/g, (_, url: string) =>
      url.startsWith("mailto:") ? url.slice("mailto:".length) : url,
    )
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function checked(candidate: Incoming): Incoming | undefined {
  const parsed = ZIncoming.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function privateChat(userId: string): Incoming["chat"] {
  return { id: userId, kind: "private" };
}

function isDirectChannel(channel: string | undefined): boolean {
  return channel?.startsWith("D") === true;
}

/**
 * A message event: text, an edit of a text, or a file in the app's direct messages. Other
 * channels (the bot only posts there), bots, the bot itself and service subtypes are ignored.
 */
export function messageToIncoming(
  event: unknown,
  options: { eventId: string; botUserId?: string; now: Date },
): Incoming | undefined {
  const parsed = ZMessageEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const message = parsed.data;
  if (message.channel_type !== "im" && !isDirectChannel(message.channel)) return undefined;
  const base = { platform: "slack" as const, updateKey: `event:${options.eventId}` };
  const fromBot = (user: string | undefined, botId: string | undefined) =>
    botId !== undefined || user === undefined || user === options.botUserId;
  switch (message.subtype) {
    case undefined: {
      if (fromBot(message.user, message.bot_id) || !message.user) return undefined;
      const text = slackTextToPlain(message.text ?? "");
      return checked({
        ...base,
        receivedAt: options.now,
        user: { externalId: message.user },
        chat: privateChat(message.user),
        content: { kind: "text", text, messageId: message.ts },
      });
    }
    case "message_changed": {
      const changed = message.message;
      if (!changed || fromBot(changed.user, changed.bot_id) || !changed.user) return undefined;
      return checked({
        ...base,
        receivedAt: options.now,
        user: { externalId: changed.user },
        chat: privateChat(changed.user),
        content: {
          kind: "edited",
          text: slackTextToPlain(changed.text ?? ""),
          messageId: changed.ts,
        },
      });
    }
    case "file_share": {
      if (fromBot(message.user, message.bot_id) || !message.user) return undefined;
      return checked({
        ...base,
        receivedAt: options.now,
        user: { externalId: message.user },
        chat: privateChat(message.user),
        content: { kind: "unsupported", what: "file" },
      });
    }
    default:
      return undefined; // joins, deletions, bot messages, thread broadcasts…
  }
}

/** The App Home tab opened: the home view is built for this person at once. */
export function homeOpenedToIncoming(
  event: unknown,
  options: { eventId: string; now: Date },
): Incoming | undefined {
  const parsed = ZHomeOpened.safeParse(event);
  if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== "home")) {
    return undefined;
  }
  const user = parsed.data.user;
  return checked({
    platform: "slack",
    updateKey: `event:${options.eventId}`,
    receivedAt: options.now,
    user: { externalId: user },
    chat: privateChat(user),
    respond: "direct",
    content: { kind: "home" },
  });
}

/** The leaders' commands: typed in a channel, they are asked there and answered privately. */
const CHANNEL_COMMANDS = new Set(["status", "missing", "deadlines", "digest", "circular"]);

/**
 * `/duban <command> <arguments>`: `/duban` alone is `help`. A staff command is answered in
 * the app's direct messages (where the report goes on); a leader's command typed in a
 * channel is asked about that channel (a leadership channel) and answered only to them
 * (`respond: "direct"`, shown as an ephemeral message).
 */
export function commandToIncoming(body: unknown, options: { now: Date }): Incoming | undefined {
  const parsed = ZCommand.safeParse(body);
  if (!parsed.success) return undefined;
  const command = parsed.data;
  const [word = "help", ...rest] = command.text.trim().split(/\s+/);
  const name = (word.replace(/^\//, "") || "help").toLowerCase();
  const args = command.text.trim().slice(word.length).trim();
  const inChannel = !isDirectChannel(command.channel_id);
  const asked = inChannel && CHANNEL_COMMANDS.has(name);
  return checked({
    platform: "slack",
    updateKey: `command:${command.trigger_id}`,
    receivedAt: options.now,
    user: {
      externalId: command.user_id,
      ...(command.user_name ? { username: command.user_name.slice(0, 64) } : {}),
    },
    chat: asked ? { id: command.channel_id, kind: "group" } : privateChat(command.user_id),
    ...(asked ? { respond: "direct" as const } : {}),
    content: { kind: "command", name: name.slice(0, 64), args: rest.length > 0 ? args : "" },
  });
}

/** A button tapped on a message, an ephemeral answer or the App Home. */
export function actionToIncoming(body: unknown, options: { now: Date }): Incoming | undefined {
  const parsed = ZAction.safeParse(body);
  if (!parsed.success) return undefined;
  const action = parsed.data;
  const button = action.actions[0];
  if (button?.type !== "button" || !button.value) return undefined;
  const channel = action.container?.channel_id ?? action.channel?.id;
  const inChannel = action.container?.type === "message" && channel && !isDirectChannel(channel);
  return checked({
    platform: "slack",
    updateKey: `action:${action.trigger_id}`,
    receivedAt: options.now,
    user: { externalId: action.user.id },
    chat: inChannel ? { id: channel, kind: "group" } : privateChat(action.user.id),
    content: { kind: "choice", data: button.value },
  });
}

/** A modal submitted: the form's id (its private metadata) and each field's text. */
export function viewSubmissionToIncoming(
  body: unknown,
  values: Record<string, string>,
  options: { now: Date },
): Incoming | undefined {
  const parsed = ZViewSubmission.safeParse(body);
  if (!parsed.success) return undefined;
  const submission = parsed.data;
  return checked({
    platform: "slack",
    updateKey: `view:${submission.trigger_id}`,
    receivedAt: options.now,
    user: { externalId: submission.user.id },
    chat: privateChat(submission.user.id),
    content: { kind: "form", formId: submission.view.private_metadata, values },
  });
}
