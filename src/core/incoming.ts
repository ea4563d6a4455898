import { z } from "zod";
import type { DirectAnswer } from "./direct-answer.js";

/** Platforms duban talks on; `web` is the local try-out page. */
export const ZPlatform = z.enum(["telegram", "slack", "web"]);
export type Platform = z.infer<typeof ZPlatform>;

/** What a platform can show, so the core offers only what the person can use. */
export interface PlatformFeatures {
  /** Forms filled in at once (Slack modals): the weekly report as one form. */
  forms: boolean;
}

export const PLATFORM_FEATURES: Readonly<Record<Platform, PlatformFeatures>> = {
  telegram: { forms: false },
  slack: { forms: true },
  web: { forms: false },
};

/** Button data as the core writes it; each adapter maps it to its platform's limit. */
export const BUTTON_DATA_MAX = 2000;

/** Content the bot cannot read; the person gets a short hint instead. */
export const UNSUPPORTED_CONTENT = [
  "sticker",
  "photo",
  "voice",
  "video",
  "file",
  "location",
  "other",
] as const;

/**
 * What a person did, normalised by an adapter: the core never sees a platform update.
 * `updateKey` identifies the update on its platform (Telegram's update_id), so a redelivery
 * after a crash is recognised and not applied twice.
 */
export const ZIncoming = z.object({
  platform: ZPlatform,
  updateKey: z.string().min(1).max(200),
  receivedAt: z.date(),
  user: z.object({
    externalId: z.string().min(1).max(64),
    displayName: z.string().max(256).optional(),
    username: z.string().max(64).optional(),
    /** The client's language (Telegram's language_code), used before the member has chosen one. */
    languageCode: z.string().max(35).optional(),
  }),
  chat: z.object({
    id: z.string().min(1).max(64),
    kind: z.enum(["private", "group"]),
  }),
  /**
   * `direct`: the adapter shows the replies itself, at once, to this person only (a Slack
   * slash command's ephemeral answer, the App Home): they come back as the handler's
   * `DirectAnswer` instead of being queued. Default `queue`: through the outbox.
   */
  respond: z.enum(["queue", "direct"]).optional(),
  content: z.discriminatedUnion("kind", [
    /** `messageId`: the platform's id of the message, so a later edit of it can be matched. */
    z.object({
      kind: z.literal("text"),
      text: z.string(),
      messageId: z.string().max(64).optional(),
    }),
    /** A sent text message the person changed afterwards (Telegram's edited_message). */
    z.object({ kind: z.literal("edited"), text: z.string(), messageId: z.string().min(1).max(64) }),
    /** `/report`, `/start <code>`: name without the slash, lower case; args trimmed. */
    z.object({ kind: z.literal("command"), name: z.string().min(1).max(64), args: z.string() }),
    /** A button pressed: the `data` of a `ReplyButton`. */
    z.object({ kind: z.literal("choice"), data: z.string().min(1).max(BUTTON_DATA_MAX) }),
    /** A form submitted (`Form`): each field's text by field id; an empty field is "". */
    z.object({
      kind: z.literal("form"),
      formId: z.string().min(1).max(2000),
      values: z.record(z.string().max(200), z.string().max(10_000)),
    }),
    /** The person opened the bot's home (Slack's App Home): show their tasks and the week. */
    z.object({ kind: z.literal("home") }),
    z.object({ kind: z.literal("unsupported"), what: z.enum(UNSUPPORTED_CONTENT) }),
  ]),
});
export type Incoming = z.infer<typeof ZIncoming>;
export type IncomingContent = Incoming["content"];

/**
 * The core's entry point, which every adapter calls with each normalised update. Resolves
 * with what to show at once (`DirectAnswer`); most updates answer through the outbox and
 * resolve with `{ kind: "none" }`.
 */
export type IncomingHandler = (incoming: Incoming) => Promise<DirectAnswer>;

/** The staff commands, in the order a platform's command menu shows them. */
export const STAFF_COMMANDS = [
  "report",
  "mytasks",
  "edit",
  "skip",
  "done",
  "cancel",
  "lang",
  "help",
] as const;

/** The leaders' commands (leaders and admins of a campaign), in the order a menu shows them. */
export const LEADER_COMMANDS = [
  "status",
  "missing",
  "deadlines",
  "digest",
  "circular",
  "dashboard",
] as const;
export type LeaderCommand = (typeof LEADER_COMMANDS)[number];
