/** auth.test, users.info, users.lookupByEmail, conversations.open and apps.connections.open. */
import type { FakeSlackState, FakeSlackUser } from "./fake-slack-state.js";
import { flagArg, textArg } from "./narrow.js";
import { dmChannelOf } from "./slack-ids.js";
import { refuse, type SlackMethod } from "./slack-method.js";

/** The offset of `zone` from UTC in seconds at this moment, as users.info's tz_offset gives it. */
function zoneOffsetSeconds(zone: string): number {
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
    .formatToParts(new Date())
    .find((part) => part.type === "timeZoneName")?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? "");
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60;
  return match[1] === "-" ? -seconds : seconds;
}

function userJson(state: FakeSlackState, user: FakeSlackUser, includeLocale: boolean) {
  const realName = user.realName ?? user.name;
  const tz = user.tz ?? "Asia/Shanghai";
  return {
    id: user.id,
    team_id: state.teamId,
    name: user.name,
    deleted: false,
    real_name: realName,
    tz,
    tz_label: tz,
    tz_offset: zoneOffsetSeconds(tz),
    is_bot: user.isBot ?? false,
    is_app_user: false,
    profile: {
      real_name: realName,
      display_name: user.name,
      ...(user.email ? { email: user.email } : {}),
      team: state.teamId,
    },
    ...(includeLocale && user.locale ? { locale: user.locale } : {}),
  };
}

export const WORKSPACE_METHODS: Record<string, SlackMethod> = {
  "auth.test": {
    acceptsJson: false,
    handle: (_args, state) => ({
      ok: true,
      url: `https://${state.teamDomain}.slack.com/`,
      team: "Duban Test",
      user: "duban",
      team_id: state.teamId,
      user_id: state.botUserId,
      bot_id: state.botId,
      is_enterprise_install: false,
    }),
  },
  "users.info": {
    acceptsJson: false,
    required: ["user"],
    handle(args, state) {
      const user = state.users.get(textArg(args, "user") ?? "");
      if (!user) return refuse("user_not_found");
      return { ok: true, user: userJson(state, user, flagArg(args, "include_locale")) };
    },
  },
  "users.lookupByEmail": {
    acceptsJson: false,
    required: ["email"],
    handle(args, state) {
      const email = (textArg(args, "email") ?? "").toLowerCase();
      const user = [...state.users.values()].find((u) => u.email?.toLowerCase() === email);
      // Slack's error really is plural here, unlike users.info's.
      if (!user) return refuse("users_not_found");
      return { ok: true, user: userJson(state, user, false) };
    },
  },
  // Socket Mode's door: a WebSocket URL whose ticket opens one connection.
  "apps.connections.open": {
    acceptsJson: false,
    token: "app",
    handle: (_args, state) => ({ ok: true, url: state.issueSocketUrl() }),
  },
  "conversations.open": {
    acceptsJson: true,
    handle(args, state) {
      const channel = textArg(args, "channel");
      if (channel !== undefined) {
        return state.dmUser(channel)
          ? { ok: true, channel: { id: channel } }
          : refuse("channel_not_found");
      }
      const users = (textArg(args, "users") ?? "").split(",").filter((u) => u !== "");
      if (users.length === 0) return refuse("users_list_not_supplied");
      if (users.length > 1) {
        return refuse("invalid_arguments", ["[ERROR] the fake does not model group DMs"]);
      }
      const id = users[0] ?? "";
      const user = state.users.get(id);
      if (!user) return refuse("user_not_found");
      if (user.isBot) return refuse("cannot_dm_bot");
      const alreadyOpen = state.openedDms.has(id);
      state.openedDms.add(id);
      return {
        ok: true,
        no_op: alreadyOpen,
        already_open: alreadyOpen,
        channel: { id: dmChannelOf(id) },
      };
    },
  },
};
