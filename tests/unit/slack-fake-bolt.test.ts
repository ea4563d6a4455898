/**
 * The fake Slack and the signed-request client around a real Bolt app (HTTP receiver): what
 * the app posts lands in the fake, what the client sends Bolt accepts, and the loop between
 * them (buttons, modals, response_urls, the Home tab, edits, shared files) closes as on Slack.
 */
import type { AddressInfo } from "node:net";
import { App } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlackApi, startFakeSlackApi } from "../support/slack/fake-slack-api.js";
import { quietLogger } from "../support/slack/quiet-logger.js";
import {
  ALICE,
  reportModal,
  SAMPLE_WORKSPACE,
  SIGNING_SECRET,
} from "../support/slack/sample-workspace.js";
import { createSlackSender, formValues } from "../support/slack/slack-client.js";

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi(SAMPLE_WORKSPACE);
});
afterEach(async () => {
  await api.close();
});

/** A Bolt app on the HTTP receiver, its Web API pointed at the fake, and a sender for it. */
async function startBolt(setup: (bolt: App) => void) {
  const bolt = new App({
    token: "xoxb-test",
    signingSecret: SIGNING_SECRET,
    logger: quietLogger,
    clientOptions: { slackApiUrl: api.url, retryConfig: { retries: 0 }, logger: quietLogger },
  });
  setup(bolt);
  const server = await bolt.start({ port: 0, host: "127.0.0.1" });
  const { port } = server.address() as AddressInfo;
  const appUrl = `http://127.0.0.1:${port}/slack/events`;
  const sender = createSlackSender({ appUrl, signingSecret: SIGNING_SECRET, api });
  return { sender, stop: () => bolt.stop() };
}

const plain = (text: string) => ({ type: "plain_text" as const, text });

describe("a Bolt app between the fake and the signed-request client", () => {
  it("replies to a DM, opens a modal from a button, answers a submission with errors", async () => {
    const { sender, stop } = await startBolt((bolt) => {
      bolt.message(async ({ message, say }) => {
        if (message.subtype !== undefined) return;
        const button = { type: "button" as const, action_id: "open_report", text: plain("Report") };
        await say({ text: "Ready?", blocks: [{ type: "actions", elements: [button] }] });
      });
      bolt.action("open_report", async ({ ack, body, client }) => {
        await ack();
        if (body.type === "block_actions") {
          await client.views.open({ trigger_id: body.trigger_id, view: reportModal() });
        }
      });
      bolt.view("report", async ({ ack, view }) => {
        const progress = view.state.values.progress?.value?.value ?? "";
        const valid = /^\d+%$/.test(progress);
        await ack(
          valid ? undefined : { response_action: "errors", errors: { progress: "A percentage" } },
        );
      });
    });
    try {
      // Bolt calls auth.test when constructed, without waiting for it.
      expect((await api.waitForCall("auth.test")).ok).toBe(true);
      const reply = api.nextCall("chat.postMessage");
      expect((await sender.dm(ALICE.id, "hello")).status).toBe(200);
      const message = api.messageByTs(String((await reply).response.ts));
      if (!message) throw new Error("the bot's reply is not stored");

      const opened = api.nextCall("views.open");
      await sender.clickButton(ALICE.id, message, "open_report");
      expect((await opened).ok).toBe(true);
      const [view] = api.openModals(ALICE.id);
      if (!view) throw new Error("no modal open");

      const wrong = formValues(view, { progress: "most", health: "green" });
      expect((await sender.submitView(ALICE.id, view, wrong)).outcome).toEqual({
        kind: "errors",
        errors: { progress: "A percentage" },
      });
      expect(() => formValues(view, { health: "amber" })).toThrow(/no option/);
      const empty = formValues(view, { health: "red" });
      await expect(sender.submitView(ALICE.id, view, empty)).rejects.toThrow(
        /required input progress is empty/,
      );
      const right = formValues(view, { progress: "80%", health: "red" });
      expect((await sender.submitView(ALICE.id, view, right)).outcome).toEqual({ kind: "closed" });
      expect(api.openModals(ALICE.id)).toEqual([]);

      expect((await sender.dm(ALICE.id, "unsigned", { signature: null })).status).toBe(401);
      const stale = Math.floor(Date.now() / 1000) - 600;
      expect((await sender.dm(ALICE.id, "stale", { timestamp: stale })).status).toBe(401);
    } finally {
      await stop();
    }
  });

  it("carries a command's response_url, the Home tab, an edit and a shared file", async () => {
    const seen: string[] = [];
    const { sender, stop } = await startBolt((bolt) => {
      bolt.command("/duban", async ({ ack, respond, command }) => {
        await ack();
        await respond({ text: `You said ${command.text}` });
      });
      bolt.event("app_home_opened", async ({ event, client }) => {
        const button = { type: "button" as const, action_id: "refresh", text: plain("Refresh") };
        const blocks = [{ type: "actions", elements: [button] }];
        await client.views.publish({ user_id: event.user, view: { type: "home", blocks } });
      });
      bolt.action("refresh", async ({ ack, body }) => {
        await ack();
        seen.push(`${body.type}:${"view" in body ? body.view?.type : "?"}`);
      });
      bolt.message(async ({ message, client }) => {
        if (message.subtype === "message_changed") {
          seen.push(`edited:${JSON.stringify(message.message)}`);
        }
        if (message.subtype === "file_share") {
          const url = message.files?.[0]?.url_private ?? "";
          const download = await fetch(url, {
            headers: { authorization: `Bearer ${api.botToken}` },
          });
          seen.push(`file:${await download.text()}`);
          await client.chat.postEphemeral({
            channel: message.channel,
            user: ALICE.id,
            text: "Got it",
          });
        }
      });
    });
    try {
      const command = await sender.command(ALICE.id, "status");
      const response = await api.waitForResponse((r) => r.id === command.responseUrlId);
      expect(response).toMatchObject({ status: 200, body: { text: "You said status" } });
      expect(api.ephemerals(ALICE.id).map((m) => m.text)).toEqual(["You said status"]);
      // Bolt used the response_url once; Slack allows five uses in all.
      const url = `${api.origin}/response/${command.responseUrlId}`;
      const headers = { "content-type": "application/json" };
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push(
          (await fetch(url, { method: "POST", headers, body: '{"text":"again"}' })).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 200, 404]);

      const published = api.nextCall("views.publish");
      await sender.appHomeOpened(ALICE.id);
      expect((await published).ok).toBe(true);
      await sender.clickHomeButton(ALICE.id, "refresh");

      const { ts } = await sender.dm(ALICE.id, "progress 50%");
      await sender.dmEdit(ALICE.id, ts, "progress 60%");
      const ephemeral = api.nextCall("chat.postEphemeral");
      await sender.dmFile(ALICE.id, { name: "notes.txt", bytes: Buffer.from("figures") });
      expect((await ephemeral).ok).toBe(true);
      expect(seen).toEqual([
        "block_actions:home",
        expect.stringContaining('"text":"progress 60%"'),
        "file:figures",
      ]);
    } finally {
      await stop();
    }
  });
});
