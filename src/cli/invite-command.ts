import type { Command } from "commander";
import { Api } from "grammy";
import { createInvite } from "../identity/create-invite.js";
import { campaignFromFlag } from "./campaign-flag.js";
import { type CliContext, CliExit, withDatabase } from "./cli-context.js";

/** `duban invite <member-key> --platform telegram|slack [--campaign <id>]` */
export function registerInviteCommand(program: Command, context: CliContext): void {
  const tr = context.translate;
  program
    .command("invite")
    .description(tr("cli.help.invite"))
    .argument("<member>", tr("cli.help.memberKey"))
    .requiredOption("--platform <platform>", tr("cli.help.platform"))
    .option("--campaign <campaign>", tr("cli.help.campaignId"))
    .option("--ttl-hours <hours>", tr("cli.help.ttlHours"), "72")
    .option("--bot <username>", tr("cli.help.botUsername"))
    .action(
      async (
        memberKey: string,
        flags: { platform: string; campaign?: string; ttlHours: string; bot?: string },
      ) => {
        if (flags.platform !== "telegram" && flags.platform !== "slack") {
          context.err(tr("cli.invite.badPlatform", { platform: flags.platform }));
          throw new CliExit(2);
        }
        const platform = flags.platform;
        const ttlHours = Number(flags.ttlHours);
        if (!Number.isFinite(ttlHours) || ttlHours <= 0 || ttlHours > 24 * 90) {
          context.err(tr("cli.invite.badTtl", { value: flags.ttlHours }));
          throw new CliExit(2);
        }
        const config = context.loadConfig();
        const result = await withDatabase(context, async (database) => {
          // Without --campaign the invite is tied to no campaign (not to the only one).
          const named =
            flags.campaign === undefined
              ? undefined
              : await campaignFromFlag(context, database.prisma, flags.campaign, { exitCode: 1 });
          const campaignId = named?.id;
          return createInvite({
            prisma: database.prisma,
            memberKey,
            platform,
            ttlHours,
            ...(campaignId ? { campaignId } : {}),
          });
        });
        if (!result.ok) {
          context.err(tr(`cli.invite.${result.reason}`, { member: memberKey }));
          throw new CliExit(1);
        }
        const expires = result.expiresAt.toISOString();
        const params = { member: result.memberName, code: result.code, expires };
        if (platform === "slack") {
          context.out(tr("cli.invite.slack", params));
          return;
        }
        const username = flags.bot ?? (await telegramBotUsername(config.telegram));
        if (username) {
          const link = `https://t.me/${username}?start=${result.code}`;
          context.out(tr("cli.invite.telegramLink", { ...params, link }));
        } else context.out(tr("cli.invite.telegramCode", params));
      },
    );
}

/** The bot's username from getMe, when a token is configured and the API answers. */
async function telegramBotUsername(
  telegram: { token: string; apiRoot?: string } | undefined,
): Promise<string | undefined> {
  if (!telegram) return undefined;
  try {
    const api = new Api(telegram.token, telegram.apiRoot ? { apiRoot: telegram.apiRoot } : {});
    return (await api.getMe()).username;
  } catch {
    return undefined;
  }
}
