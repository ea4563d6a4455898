/** The JSON shapes Slack wraps deliveries in: event envelopes, typed messages, files, actions. */
import type { FoundButton } from "./block-targets.js";

/** Slack's old verification token, still sent in every payload; Bolt ignores it. */
export const VERIFICATION_TOKEN = "fake-verification-token";

/** The workspace facts every payload repeats. */
export interface PayloadContext {
  teamId: string;
  teamDomain: string;
  appId: string;
  botUserId: string;
}

export function eventEnvelope(
  ctx: PayloadContext,
  event: Record<string, unknown>,
  eventId: string,
) {
  const eventTs = typeof event.event_ts === "string" ? Number(event.event_ts) : Date.now() / 1000;
  return {
    token: VERIFICATION_TOKEN,
    team_id: ctx.teamId,
    api_app_id: ctx.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(eventTs),
    // The installation the event is for: Bolt takes the bot's user id from here.
    authorizations: [
      {
        enterprise_id: null,
        team_id: ctx.teamId,
        user_id: ctx.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(`${ctx.teamId}:${eventId}`).toString("base64url")}`,
  };
}

/** A message as Slack relays what a user typed: the text plus its rich_text rendering. */
export function typedMessage(
  ctx: PayloadContext,
  message: { user: string; text: string; ts: string; clientMsgId: string },
) {
  return {
    type: "message",
    user: message.user,
    text: message.text,
    ts: message.ts,
    client_msg_id: message.clientMsgId,
    team: ctx.teamId,
    blocks: [
      {
        type: "rich_text",
        block_id: message.clientMsgId.slice(0, 5),
        elements: [{ type: "rich_text_section", elements: [{ type: "text", text: message.text }] }],
      },
    ],
  };
}

/** A file a user shared, as file_share events describe it. */
export function sharedFile(
  ctx: PayloadContext,
  file: {
    id: string;
    name: string;
    title: string;
    size: number;
    mimetype: string;
    user: string;
    url: string;
  },
) {
  const seconds = Math.floor(Date.now() / 1000);
  const filetype = file.name.includes(".") ? (file.name.split(".").at(-1) ?? "") : "";
  return {
    id: file.id,
    created: seconds,
    timestamp: seconds,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype,
    pretty_type: filetype.toUpperCase(),
    user: file.user,
    user_team: ctx.teamId,
    editable: false,
    size: file.size,
    mode: "hosted",
    is_external: false,
    external_type: "",
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: "",
    url_private: file.url,
    url_private_download: `${file.url}?download=1`,
    permalink: `https://${ctx.teamDomain}.slack.com/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`,
    file_access: "visible",
  };
}

/** The `actions` entry of a block_actions payload for a button click. */
export function buttonAction({ blockId, button }: FoundButton, actionTs: string) {
  return {
    action_id: button.action_id,
    block_id: blockId,
    text: button.text,
    ...(button.value !== undefined ? { value: button.value } : {}),
    ...(button.style !== undefined ? { style: button.style } : {}),
    type: "button",
    action_ts: actionTs,
  };
}

/** The fields every interaction payload (block_actions, view_submission) starts with. */
export function interactionBase(
  ctx: PayloadContext,
  type: "block_actions" | "view_submission",
  user: { id: string; name: string },
  triggerId: string,
) {
  return {
    type,
    user: { id: user.id, username: user.name, name: user.name, team_id: ctx.teamId },
    api_app_id: ctx.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    team: { id: ctx.teamId, domain: ctx.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

/** A slash command's fields, as Slack posts them in a form (and as Socket Mode's payload). */
export function commandFields(
  ctx: PayloadContext,
  command: {
    name: string;
    text: string;
    user: { id: string; name: string };
    channel: { id: string; name: string };
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  return {
    token: VERIFICATION_TOKEN,
    team_id: ctx.teamId,
    team_domain: ctx.teamDomain,
    channel_id: command.channel.id,
    channel_name: command.channel.name,
    user_id: command.user.id,
    user_name: command.user.name,
    command: command.name,
    text: command.text,
    api_app_id: ctx.appId,
    is_enterprise_install: "false",
    response_url: command.responseUrl,
    trigger_id: command.triggerId,
  };
}

/** How Slack wraps a payload for Socket Mode instead of posting it to the Request URL. */
export function socketModeEnvelope(
  type: "events_api" | "slash_commands" | "interactive",
  payload: Record<string, unknown>,
  options: { envelopeId: string; retryAttempt?: number; retryReason?: string },
) {
  // Slack waits for a response payload where one means something: a command's reply, a
  // view submission's response_action; never for events or button taps.
  const acceptsResponsePayload =
    type === "slash_commands" || (type === "interactive" && payload.type === "view_submission");
  return {
    envelope_id: options.envelopeId,
    type,
    payload,
    accepts_response_payload: acceptsResponsePayload,
    // Retries are counted for Events API deliveries only, as X-Slack-Retry-Num is over HTTP.
    ...(type === "events_api"
      ? { retry_attempt: options.retryAttempt ?? 0, retry_reason: options.retryReason ?? "" }
      : {}),
  };
}
