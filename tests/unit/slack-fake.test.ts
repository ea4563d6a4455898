/**
 * The fake Slack Web API driven by the real @slack/web-api WebClient, and the signed-request
 * client's signature checked by Bolt's own verification. If WebClient reads the fake
 * differently from Slack, these fail before any adapter test does.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifySlackRequest } from "@slack/bolt";
import { ErrorCode, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlackApi, startFakeSlackApi } from "../support/slack/fake-slack-api.js";
import { quietLogger } from "../support/slack/quiet-logger.js";
import {
  ALICE,
  BOB,
  ELSEWHERE,
  REPORTS,
  reportModal,
  SAMPLE_WORKSPACE,
  SIGNING_SECRET,
} from "../support/slack/sample-workspace.js";
import { createSlackSender, signSlackRequest } from "../support/slack/slack-client.js";

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi(SAMPLE_WORKSPACE);
});
afterEach(async () => {
  await api.close();
});

function client(options: { retries?: number; rejectRateLimitedCalls?: boolean } = {}) {
  return new WebClient("xoxb-test", {
    slackApiUrl: api.url,
    retryConfig: { retries: options.retries ?? 0, minTimeout: 10, maxTimeout: 10 },
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? true,
    logger: quietLogger,
  });
}

/** The Slack error code a WebClient call was refused with. */
async function refusal(call: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (typeof error !== "object" || error === null || !("data" in error)) return undefined;
  const { data } = error;
  return typeof data === "object" && data !== null && "error" in data
    ? String(data.error)
    : undefined;
}

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

describe("the fake Web API, as WebClient sees it", () => {
  it("answers auth.test with the bot's identity and refuses a wrong token", async () => {
    const me = await client().auth.test();
    expect(me).toMatchObject({ ok: true, user_id: "UBOT", bot_id: "B01", team_id: "T01" });
    const stranger = new WebClient("xoxb-wrong", { slackApiUrl: api.url, logger: quietLogger });
    expect(await refusal(stranger.auth.test())).toBe("invalid_auth");
  });

  it("posts to a user id in the bot's DM with them, and updates that message by channel and ts", async () => {
    const web = client();
    const posted = await web.chat.postMessage({ channel: ALICE.id, text: "Your report is due" });
    const channel = posted.channel ?? "";
    const ts = posted.ts ?? "";
    expect(channel).toBe(api.dmChannelOf(ALICE.id));
    expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    const second = await web.chat.postMessage({ channel: ALICE.id, text: "Reminder" });
    expect(Number(second.ts)).toBeGreaterThan(Number(ts));

    await web.chat.update({ channel, ts, text: "Thanks, received" });
    expect(api.messageByTs(ts)).toMatchObject({
      text: "Thanks, received",
      updatedTimes: 1,
      channel,
    });
    expect(api.callsTo("chat.update")[0]?.args).toMatchObject({ channel, ts });

    // chat.update needs the DM's id, not the user's, as Slack documents.
    const byUser = web.chat.update({ channel: ALICE.id, ts, text: "x" });
    expect(await refusal(byUser)).toBe("channel_not_found");
    const theirs = api.recordUserMessage({ channel, user: ALICE.id, text: "my own words" });
    const notOurs = web.chat.update({ channel, ts: theirs.ts, text: "x" });
    expect(await refusal(notOurs)).toBe("cant_update_message");
    const noSuchTs = web.chat.update({ channel, ts: "1.000001", text: "x" });
    expect(await refusal(noSuchTs)).toBe("message_not_found");
    const nobody = web.chat.postMessage({ channel: "U0NOBODY", text: "hi" });
    expect(await refusal(nobody)).toBe("channel_not_found");
    const notJoined = web.chat.postMessage({ channel: ELSEWHERE.id, text: "hi" });
    expect(await refusal(notJoined)).toBe("not_in_channel");
  });

  it("refuses what Slack refuses: 51 blocks, a 3001-character section, a long text, no text", async () => {
    const web = client();
    const post = (args: { text: string; blocks?: Record<string, unknown>[] }) =>
      refusal(web.chat.postMessage({ channel: REPORTS.id, ...args }));
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    expect(await post({ text: "t", blocks })).toBe("invalid_blocks");

    expect(await post({ text: "t", blocks: [section("x".repeat(3001))] })).toBe("invalid_blocks");
    expect(api.calls.at(-1)?.response.response_metadata).toEqual({
      messages: ["[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
    });

    const label = { type: "plain_text", text: "y".repeat(76) };
    const longButton = {
      type: "actions",
      elements: [{ type: "button", text: label, action_id: "a" }],
    };
    expect(await post({ text: "t", blocks: [longButton] })).toBe("invalid_blocks");
    const noType = { text: { type: "mrkdwn", text: "typeless" } };
    expect(await post({ text: "t", blocks: [noType] })).toBe("invalid_blocks");
    expect(await post({ text: "z".repeat(40_001) })).toBe("msg_too_long");
    expect(await post({ text: "" })).toBe("no_text");
    expect(api.messages(REPORTS.id)).toEqual([]);

    await web.chat.postMessage({ channel: REPORTS.id, text: "t", blocks: blocks.slice(0, 50) });
    expect(api.messages(REPORTS.id)[0]?.blocks).toHaveLength(50);
  });

  it("answers 429 with Retry-After, which WebClient surfaces or waits out", async () => {
    api.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 1 });
    const error: unknown = await client()
      .chat.postMessage({ channel: REPORTS.id, text: "hi" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });

    api.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const patient = client({ retries: 1, rejectRateLimitedCalls: false });
    const posted = await patient.chat.postMessage({ channel: REPORTS.id, text: "hi" });
    expect(posted.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(api.callsTo("chat.postMessage").map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it("refuses every call in the Retry-After window after a 429, as Slack does", async () => {
    api.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 2, window: true });
    const web = client();
    const first: unknown = await web.chat
      .postMessage({ channel: REPORTS.id, text: "one" })
      .catch((e: unknown) => e);
    expect(first).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
    const second: unknown = await web.chat
      .postMessage({ channel: REPORTS.id, text: "two" })
      .catch((e: unknown) => e);
    expect(second).toMatchObject({ code: ErrorCode.RateLimitedError });
    expect(api.messages(REPORTS.id)).toEqual([]);
  });

  it("fails the next call as told, and only that one", async () => {
    api.failNext("chat.postMessage", "not_in_channel");
    const first = client().chat.postMessage({ channel: REPORTS.id, text: "hi" });
    expect(await refusal(first)).toBe("not_in_channel");
    expect((await client().chat.postMessage({ channel: REPORTS.id, text: "hi" })).ok).toBe(true);
  });

  it("takes a filesUploadV2 of a Buffer and shows it as a file message with the same bytes", async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0x00, 0x10]);
    const result = await client().filesUploadV2({
      channel_id: REPORTS.id,
      file: bytes,
      filename: "summary.xlsx",
      title: "Week 12 summary",
      initial_comment: "This week's summary",
    });
    expect(result.ok).toBe(true);
    const [message] = api.messages(REPORTS.id);
    expect(message?.text).toBe("This week's summary");
    expect(message?.files?.[0]).toMatchObject({ name: "summary.xlsx", title: "Week 12 summary" });
    expect(message?.files?.[0]?.bytes.equals(bytes)).toBe(true);
    expect(api.uploadedFiles()).toMatchObject([{ length: bytes.length, completed: true }]);

    const never = await client().files.getUploadURLExternal({ filename: "x.txt", length: 3 });
    const files: [{ id: string }] = [{ id: never.file_id ?? "" }];
    const complete = client().files.completeUploadExternal({ files, channel_id: REPORTS.id });
    expect(await refusal(complete)).toBe("file_not_found");
  });

  it("opens a modal on a fresh trigger id only, once, and checks the view", async () => {
    const web = client();
    const open = (trigger: string, view = reportModal()) =>
      web.views.open({ trigger_id: trigger, view });
    const expired = api.issueTriggerId(ALICE.id, { ageMs: 3001 });
    expect(await refusal(open(expired))).toBe("expired_trigger_id");
    expect(await refusal(open("1.2.nonsense"))).toBe("invalid_trigger_id");

    const refused = open(api.issueTriggerId(ALICE.id), reportModal("A title far over 24 chars"));
    expect(await refusal(refused)).toBe("invalid_arguments");
    expect(api.calls.at(-1)?.response.response_metadata).toEqual({
      messages: ["[ERROR] must be less than 25 characters [json-pointer:/view/title/text]"],
    });

    const fresh = api.issueTriggerId(ALICE.id);
    const opened = await open(fresh);
    expect(opened.view).toMatchObject({
      type: "modal",
      callback_id: "report",
      state: { values: {} },
    });
    expect(opened.view?.id).toMatch(/^V/);
    expect(await refusal(open(fresh))).toBe("exchanged_trigger_id");
    expect(api.openModals(ALICE.id).map((v) => v.id)).toEqual([opened.view?.id]);

    const stale = web.views.update({
      view_id: opened.view?.id ?? "",
      hash: "0.stale",
      view: reportModal(),
    });
    expect(await refusal(stale)).toBe("hash_conflict");
  });

  it("finds users by email and by id, and opens DMs with them", async () => {
    const web = client();
    const found = await web.users.lookupByEmail({ email: "alice@example.org" });
    expect(found.user).toMatchObject({
      id: ALICE.id,
      name: "alice",
      profile: { email: ALICE.email },
    });
    expect(await refusal(web.users.lookupByEmail({ email: "nobody@example.org" }))).toBe(
      "users_not_found",
    );
    const info = await web.users.info({ user: ALICE.id, include_locale: true });
    expect(info.user).toMatchObject({
      real_name: "Alice Li",
      locale: "zh-CN",
      tz: "Asia/Shanghai",
    });
    expect(await refusal(web.users.info({ user: "U0NOBODY" }))).toBe("user_not_found");
    const dm = await web.conversations.open({ users: BOB.id });
    expect(dm.channel?.id).toBe(api.dmChannelOf(BOB.id));
  });

  it("answers unknown methods and missing arguments as Slack does", async () => {
    expect(await refusal(client().apiCall("chat.frobnicate", {}))).toBe("unknown_method");
    expect(await refusal(client().apiCall("chat.postMessage", { text: "hi" }))).toBe(
      "invalid_arguments",
    );
  });
});

describe("the signed-request client", () => {
  it("signs as Slack does: Bolt's verifySlackRequest takes it, and refuses a tampered body", async () => {
    const seen: { body: string; headers: http.IncomingHttpHeaders }[] = [];
    const app = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const { port } = app.address() as AddressInfo;
    const appUrl = `http://127.0.0.1:${port}/slack/events`;
    const sender = createSlackSender({ appUrl, signingSecret: SIGNING_SECRET, api });
    try {
      await sender.dm(ALICE.id, "进度 80%");
      await sender.command(ALICE.id, "report");
      await sender.dm(ALICE.id, "forged", { signature: signSlackRequest("other-secret", 1, "x") });
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
    const verify = (body: string, headers: http.IncomingHttpHeaders) =>
      verifySlackRequest({
        signingSecret: SIGNING_SECRET,
        body,
        headers: {
          "x-slack-signature": String(headers["x-slack-signature"]),
          "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
        },
      });
    const [event, command, forged] = seen;
    if (!event || !command || !forged) throw new Error("the app saw fewer than three requests");
    expect(() => verify(event.body, event.headers)).not.toThrow();
    expect(() => verify(command.body, command.headers)).not.toThrow();
    expect(command.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(() => verify(event.body.replace("80%", "90%"), event.headers)).toThrow(
      /signature mismatch/,
    );
    expect(() => verify(forged.body, forged.headers)).toThrow(/signature mismatch/);
    expect(JSON.parse(event.body)).toMatchObject({
      type: "event_callback",
      event: { type: "message", channel_type: "im", user: ALICE.id, text: "进度 80%" },
      authorizations: [{ user_id: "UBOT", is_bot: true }],
    });
  });
});
