/**
 * The fake's Socket Mode side against the real client: apps.connections.open takes only the
 * app-level token, a ticket opens one WebSocket, and a Bolt app on its SocketModeReceiver
 * gets the same payloads the signed-request client posts, acks them on the socket (with a
 * response payload where it has one) and reconnects when Slack asks it to.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { App, SocketModeReceiver } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlackApi, startFakeSlackApi } from "../support/slack/fake-slack-api.js";
import { quietLogger } from "../support/slack/quiet-logger.js";
import { ALICE, reportModal, SAMPLE_WORKSPACE } from "../support/slack/sample-workspace.js";
import { createSocketModeSender, formValues } from "../support/slack/slack-client.js";
import { eventEnvelope } from "../support/slack/slack-payloads.js";

let api: FakeSlackApi;
beforeEach(async () => {
  api = await startFakeSlackApi(SAMPLE_WORKSPACE);
});
afterEach(async () => {
  await api.close();
});

/** Tries the WebSocket handshake on `url`: the HTTP status the server answered with. */
function handshake(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url.replace(/^ws/, "http"), {
      headers: {
        connection: "Upgrade",
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "sec-websocket-key": randomBytes(16).toString("base64"),
      },
    });
    request.on("upgrade", (response, socket) => {
      socket.destroy();
      resolve(response.statusCode ?? 0);
    });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
    request.end();
  });
}

/** A Bolt app on the SocketModeReceiver, both its WebClients pointed at the fake. */
async function startSocketBolt(setup: (bolt: App) => void) {
  const clientOptions = { slackApiUrl: api.url, retryConfig: { retries: 0 }, logger: quietLogger };
  const receiver = new SocketModeReceiver({
    appToken: api.appToken,
    logger: quietLogger,
    installerOptions: { clientOptions: { ...clientOptions } },
  });
  const bolt = new App({ token: api.botToken, receiver, logger: quietLogger, clientOptions });
  setup(bolt);
  await bolt.start();
  return { sender: createSocketModeSender({ api }), stop: () => bolt.stop() };
}

describe("the fake's Socket Mode", () => {
  it("opens connections for the app-level token only, one per ticket", async () => {
    const open = (token: string) =>
      new WebClient(token, { slackApiUrl: api.url, logger: quietLogger }).apps.connections
        .open()
        .catch((error: { data?: unknown }) => error.data);
    await expect(open("xapp-1-wrong")).resolves.toMatchObject({
      ok: false,
      error: "invalid_auth",
    });
    await expect(open(api.botToken)).resolves.toMatchObject({
      ok: false,
      error: "not_allowed_token_type",
    });
    const opened = await open(api.appToken);
    expect(opened).toMatchObject({ ok: true });
    const url = String((opened as { url: string }).url);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=\w+$/);
    expect(await handshake(url)).toBe(101);
    expect(await handshake(url)).toBe(401);
    expect(await handshake(url.replace(/ticket=\w+/, "ticket=forged"))).toBe(401);
  });

  it("delivers HTTP's payloads to Bolt as envelopes and records the acks", async () => {
    const said: string[] = [];
    const { sender, stop } = await startSocketBolt((bolt) => {
      bolt.message(async ({ message, say }) => {
        if (message.subtype === undefined) said.push(message.text ?? "");
        const button = { type: "button" as const, action_id: "open", text: plainText("Open") };
        await say({ text: "Ready?", blocks: [{ type: "actions", elements: [button] }] });
      });
      bolt.command("/duban", async ({ ack, command }) => {
        await ack({ response_type: "ephemeral", text: `You said ${command.text}` });
      });
      bolt.action("open", async ({ ack, body, client }) => {
        await ack();
        if (body.type === "block_actions") {
          await client.views.open({ trigger_id: body.trigger_id, view: reportModal() });
        }
      });
      bolt.view("report", async ({ ack, view }) => {
        const progress = view.state.values.progress?.value?.value ?? "";
        await ack(
          /^\d+%$/.test(progress)
            ? undefined
            : { response_action: "errors", errors: { progress: "A percentage" } },
        );
      });
    });
    try {
      const [connection] = api.socketMode.openConnections();
      expect(connection?.id).toBe(1);

      const reply = api.nextCall("chat.postMessage");
      const dm = await sender.dm(ALICE.id, "hello", { eventId: "Ev0SOCKET01" });
      expect(dm.envelope).toMatchObject({
        type: "events_api",
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: "",
      });
      // The same envelope the Events API posts over HTTP.
      expect(dm.envelope.payload).toEqual(
        eventEnvelope(
          {
            teamId: api.teamId,
            teamDomain: api.teamDomain,
            appId: api.appId,
            botUserId: api.botUserId,
          },
          dm.event,
          "Ev0SOCKET01",
        ),
      );
      expect(dm.ack).toMatchObject({ envelopeId: dm.envelope.envelope_id, connectionId: 1 });
      const posted = api.messageByTs(String((await reply).response.ts));
      if (!posted) throw new Error("the bot's reply is not stored");
      expect(said).toEqual(["hello"]);

      const command = await sender.command(ALICE.id, "status");
      expect(command.envelope).toMatchObject({
        type: "slash_commands",
        accepts_response_payload: true,
      });
      expect(command.envelope).not.toHaveProperty("retry_attempt");
      expect(command.ack.payload).toEqual({ response_type: "ephemeral", text: "You said status" });

      const opened = api.nextCall("views.open");
      const tap = await sender.clickButton(ALICE.id, posted, "open");
      expect(tap.envelope).toMatchObject({ type: "interactive", accepts_response_payload: false });
      expect((await opened).ok).toBe(true);
      const [view] = api.openModals(ALICE.id);
      if (!view) throw new Error("no modal open");
      const wrong = await sender.submitView(
        ALICE.id,
        view,
        formValues(view, { progress: "most", health: "green" }),
      );
      expect(wrong.envelope.accepts_response_payload).toBe(true);
      expect(wrong.ack.payload).toEqual({
        response_action: "errors",
        errors: { progress: "A percentage" },
      });
      expect(wrong.outcome).toEqual({ kind: "errors", errors: { progress: "A percentage" } });
      const right = await sender.submitView(
        ALICE.id,
        view,
        formValues(view, { progress: "80%", health: "red" }),
      );
      expect(right.outcome).toEqual({ kind: "closed" });

      // Slack recycles the server: the client closes, asks for a new URL and reconnects.
      expect(api.socketMode.disconnect()).toBe(1);
      const next = await api.socketMode.waitForConnection({ after: 1 });
      expect(api.callsTo("apps.connections.open")).toHaveLength(2);
      const again = await sender.dm(ALICE.id, "still there?");
      expect(again.ack.connectionId).toBe(next.id);
      expect(api.socketMode.connections()[0]).toMatchObject({ closeCode: 1000 });
      expect(api.socketMode.unexpected).toEqual([]);
    } finally {
      await stop();
    }
  }, 30_000);

  it("sees the client reconnect after the connection drops without a close frame", async () => {
    const seen: string[] = [];
    const { sender, stop } = await startSocketBolt((bolt) => {
      bolt.message(async ({ message }) => {
        if (message.subtype === undefined) seen.push(message.text ?? "");
      });
    });
    try {
      const first = await api.socketMode.waitForConnection();
      api.socketMode.dropAll();
      const next = await api.socketMode.waitForConnection({ after: first.id });
      expect(api.socketMode.connections()[0]?.closeCode).toBeUndefined();
      const delivery = await sender.dm(ALICE.id, "after the drop");
      expect(delivery.ack.connectionId).toBe(next.id);
      // Bolt acks an event before its listeners run.
      await expect.poll(() => seen).toEqual(["after the drop"]);
    } finally {
      await stop();
    }
  }, 30_000);
});

function plainText(text: string) {
  return { type: "plain_text" as const, text };
}
