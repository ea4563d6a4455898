import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DubanProcess, runDubanCommand } from "../support/run-duban.js";
import { DubanOnSlack, waitUntil } from "../support/slack/duban-on-slack.js";
import type { FakeSlackApi, FakeSlackMessage } from "../support/slack/fake-slack-api.js";
import type { SlackSender } from "../support/slack/slack-client.js";
import {
  type EmulatedUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../support/telegram-emulator.js";

const CAMPAIGN = join(import.meta.dirname, "../fixtures/campaigns/mixed-campaign.yaml");
const TG_GROUP = -1001000000002;
const SLACK_LEADERS = "C0LEADERS1";
const ANNA_TG = 2001;
const CARA_TG = 2002;
const BEN = "U0BENOKAF1";
const CARA = "U0CARADIA2";
const REPLY_MS = 30_000;
const PROMPT = "Reporting for Site safety drive is open";

/**
 * One campaign with owners on Telegram (Anna), on Slack (Ben) and on both (Cara), through
 * `duban start` with the Bot API emulator and a fake Slack Web API at once: the Friday prompt
 * reaches each owner once, Cara on the platform she used last (Slack); Cara reports on Slack,
 * Anna on Telegram; Monday's digest lands in the Telegram group and the Slack channel, and
 * Ben's late report edits both posts in place (editMessageText and chat.update).
 */
describe("a campaign on Telegram and Slack at once, through duban start", () => {
  const onSlack = new DubanOnSlack({
    users: [
      { id: BEN, name: "ben" },
      { id: CARA, name: "cara" },
    ],
    channels: [{ id: SLACK_LEADERS, name: "leaders", members: [] }],
  });
  let telegram: TelegramEmulator;
  let api: FakeSlackApi;
  let bot: DubanProcess | undefined;
  let slack: SlackSender;

  const start = async (clock: string) => {
    ({ bot, slack } = await onSlack.startOverHttp({
      env: {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        DUBAN_SIMULATED_CLOCK: clock,
        LOG_LEVEL: "warn",
      },
      readyTimeoutMs: 60_000,
    }));
  };

  /** The bot's newest message in `user`'s Slack DM posted after `after` and containing `text`. */
  const slackReply = (user: string, text: string, after?: FakeSlackMessage) => {
    const channel = api.dmChannelOf(user);
    return waitUntil(
      () =>
        api
          .messages(channel)
          .filter((m) => (after ? Number(m.ts) > Number(after.ts) : true))
          .find((m) => m.text.includes(text)),
      {
        timeoutMs: REPLY_MS,
        failure: () => {
          const seen = api.messages(channel).map((m) => m.text.slice(0, 120));
          return `no Slack DM to ${user} with "${text}"; saw: ${JSON.stringify(seen)}`;
        },
      },
    );
  };

  const telegramPrompts = (chatId: number) =>
    telegram
      .calls("sendMessage")
      .filter(
        (call) =>
          call.ok &&
          Number(call.params.chat_id) === chatId &&
          String(call.params.text).includes(PROMPT),
      );
  const slackPrompts = (user: string) =>
    api
      .callsTo("chat.postMessage")
      .filter(
        (call) =>
          call.ok &&
          (call.args.channel === user || call.args.channel === api.dmChannelOf(user)) &&
          String(call.args.text).includes(PROMPT),
      );

  const reportOnTelegram = async (person: EmulatedUser, sites: string) => {
    const reply = (expected: string) =>
      person.waitForReply((message) => message.text.includes(expected), REPLY_MS);
    await person.command("report");
    await reply("what did you do this week?");
    await person.send("Inspected the south sites");
    await reply("Got item 1.");
    await person.tap("Done");
    await reply("what is the figure for “Sites inspected”?");
    await person.send(sites);
    await reply("How is “Inspect building sites” going?");
    await person.tap("On track");
    await reply("Any problems or difficulties");
    await person.tap("None");
    await reply("What are the next steps");
    await person.tap("None");
    await reply("Please check task 1");
    await person.tap("✅ Submit");
    await reply("is submitted");
  };

  /** `user` answers the report's steps on Slack from `after` on; resolves with the review. */
  const reportOnSlack = async (
    user: string,
    after: FakeSlackMessage,
    item: string,
    sites: string,
  ) => {
    let step = await slackReply(user, "what did you do this week?", after);
    await slack.dm(user, item);
    step = await slackReply(user, "Got item 1.", step);
    await slack.clickButton(user, step, { text: "Done" });
    step = await slackReply(user, "what is the figure for “Sites inspected”?", step);
    await slack.dm(user, sites);
    step = await slackReply(user, "How is “Inspect building sites” going?", step);
    await slack.clickButton(user, step, { text: "On track" });
    step = await slackReply(user, "Any problems or difficulties", step);
    await slack.clickButton(user, step, { text: "None" });
    step = await slackReply(user, "What are the next steps", step);
    await slack.clickButton(user, step, { text: "None" });
    const review = await slackReply(user, "Please check task 1", step);
    await slack.clickButton(user, review, { text: "✅ Submit" });
    await slackReply(user, "is submitted", review);
    return review;
  };

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    api = await onSlack.startApi();
    const imported = await runDubanCommand(["campaign", "import", CAMPAIGN], {
      DATA_DIR: onSlack.dataDir,
    });
    expect(imported.code, imported.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await onSlack.close();
    await telegram?.stop();
  });

  it("prompts each owner once on their platform, takes reports on both, digests to both channels", async () => {
    const anna = telegram.user({ userId: ANNA_TG, firstName: "Anna" });
    const caraOnTelegram = telegram.user({ userId: CARA_TG, firstName: "Cara" });
    const leadersGroup = telegram.user({
      userId: 2003,
      firstName: "Dana",
      chatType: "group",
      chatId: TG_GROUP,
    });

    // Friday 2027-03-05, 20 s before the 09:00 (London) prompt, at real speed.
    await start("2027-03-05T08:59:40Z@1");
    // Cara writes to the bot on Slack first: Slack becomes the account she used last.
    const helped = await slack.dm(CARA, "help");
    expect(helped.status).toBe(200);
    await slackReply(CARA, "/duban report");

    const annaPrompt = await anna.waitForReply((m) => m.text.includes(PROMPT), REPLY_MS);
    expect(annaPrompt.text).toContain("Hello Anna Novak!");
    const benPrompt = await slackReply(BEN, PROMPT);
    expect(benPrompt.text).toContain("Hello Ben Okafor!");
    const caraPrompt = await slackReply(CARA, PROMPT);
    expect(caraPrompt.text).toContain("Hello Cara Diaz!");
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // anything still to come
    expect(telegramPrompts(ANNA_TG)).toHaveLength(1);
    expect(slackPrompts(BEN)).toHaveLength(1);
    expect(slackPrompts(CARA)).toHaveLength(1);
    expect(telegramPrompts(CARA_TG)).toHaveLength(0);
    expect(caraOnTelegram.replies()).toHaveLength(0);

    // Cara reports on Slack, by DM text and the buttons of the bot's real messages.
    await slack.clickButton(CARA, caraPrompt, { text: "Start my report" });
    const caraReview = await reportOnSlack(CARA, caraPrompt, "Inspected the north sites", "5");
    expect(caraReview.text).toContain("Inspected the north sites");

    // Anna reports on Telegram.
    await reportOnTelegram(anna, "3");
    expect(caraOnTelegram.replies()).toHaveLength(0);
    await bot?.stop("SIGTERM");

    // Monday 2027-03-08, 10 s before the 14:00 digest.
    await start("2027-03-08T13:59:50Z@1");
    const DIGEST = "weekly digest, week 9 (2027-W09)";
    const FIGURES = "in total Sites inspected 8, of which Field team 5, Operations 3.";
    const tgDigest = await leadersGroup.waitForReply((m) => m.text.includes(DIGEST), REPLY_MS);
    expect(tgDigest.text).toContain("2 submitted (0 late), 0 skipped, 1 missing");
    expect(tgDigest.text).toContain(FIGURES);
    expect(tgDigest.text).toContain("missing: Ben Okafor");
    const slackDigestCall = await api.waitForCall(
      "chat.postMessage",
      (call) =>
        call.ok && call.args.channel === SLACK_LEADERS && String(call.args.text).includes(DIGEST),
      REPLY_MS,
    );
    expect(String(slackDigestCall.args.text)).toContain(FIGURES);
    const slackDigest = api.messages(SLACK_LEADERS).find((m) => m.text.includes(DIGEST));
    expect(slackDigest?.text).toContain("2 submitted (0 late), 0 skipped, 1 missing");
    expect(slackDigest?.text).toContain(FIGURES);
    // Each channel gets the digest once; nobody else does.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const digestsTo = (chat: string) => [
      ...telegram
        .calls("sendMessage")
        .filter((c) => String(c.params.chat_id) === chat && String(c.params.text).includes(DIGEST)),
      ...api
        .callsTo("chat.postMessage")
        .filter((c) => c.args.channel === chat && String(c.args.text).includes(DIGEST)),
    ];
    expect(digestsTo(String(TG_GROUP))).toHaveLength(1);
    expect(digestsTo(SLACK_LEADERS)).toHaveLength(1);
    const allDigests =
      telegram.calls("sendMessage").filter((c) => String(c.params.text).includes(DIGEST)).length +
      api.callsTo("chat.postMessage").filter((c) => String(c.args.text).includes(DIGEST)).length;
    expect(allDigests).toBe(2);
    // Still one prompt each, after the restart too.
    expect(telegramPrompts(ANNA_TG)).toHaveLength(1);
    expect(telegramPrompts(CARA_TG)).toHaveLength(0);
    expect(slackPrompts(CARA)).toHaveLength(1);
    expect(slackPrompts(BEN)).toHaveLength(1);

    // Ben reports late, on Slack: both posted digests are edited in place, none posted again.
    const started = await slack.dm(BEN, "report");
    expect(started.status).toBe(200);
    const benDm = api.messages(api.dmChannelOf(BEN));
    await reportOnSlack(BEN, benDm.at(-1) ?? benPrompt, "Inspected the east sites", "4");
    const UPDATED = "in total Sites inspected 12, of which Field team 9, Operations 3.";
    const tgEdited = await leadersGroup.waitForReply(
      (m) => m.messageId === tgDigest.messageId && m.text.includes(UPDATED),
      REPLY_MS,
    );
    expect(tgEdited.text).toContain("3 submitted (1 late), 0 skipped, 0 missing");
    const slackEdited = await api.waitForCall(
      "chat.update",
      (call) => call.ok && call.args.channel === SLACK_LEADERS,
      REPLY_MS,
    );
    expect(slackEdited.args.ts).toBe(slackDigest?.ts);
    const shown = api.messageByTs(String(slackDigest?.ts), SLACK_LEADERS);
    expect(shown?.text).toContain(UPDATED);
    expect(shown?.text).toContain("3 submitted (1 late), 0 skipped, 0 missing");
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(digestsTo(String(TG_GROUP))).toHaveLength(1);
    expect(digestsTo(SLACK_LEADERS)).toHaveLength(1);
    await bot?.stop("SIGTERM");
  }, 150_000);
});
