import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { type DubanProcess, runDubanCommand } from "../support/run-duban.js";
import { inputBlocksOf } from "../support/slack/block-targets.js";
import {
  DubanOnSlack,
  has,
  LEADS,
  OLIVIA,
  PRODUCT_WORKSPACE,
  TOM,
  waitUntil,
} from "../support/slack/duban-on-slack.js";
import type { FakeSlackApi } from "../support/slack/fake-slack-api.js";
import { isRecord } from "../support/slack/narrow.js";
import { formValues, type SocketModeSender } from "../support/slack/slack-client.js";

const PROMPT = "Reporting for Product";
const MY_TASKS = "Grow self-serve sign-ups";

/**
 * The Slack adapter through `duban start` in Socket Mode: no signing secret and no Request URL;
 * duban opens a WebSocket with its app-level token (apps.connections.open on the fake Web API)
 * and Slack's deliveries arrive on it as envelopes, each acknowledged on the same socket. The
 * payloads are those the HTTP test posts, from the same builders. The clock stands on Thursday
 * 4 March 2027, 16:00 in London, after the week's prompt.
 */
describe("Slack through duban start in Socket Mode, against a fake Slack", () => {
  const onSlack = new DubanOnSlack(PRODUCT_WORKSPACE);
  let api: FakeSlackApi;
  let bot: DubanProcess;
  let slack: SocketModeSender;

  /** Slack in Socket Mode and nothing else: no signing secret, an empty database. */
  const startEnv = () => ({ DATA_DIR: "memory://", ...onSlack.startEnv("socket-mode") });

  beforeAll(async () => {
    api = await onSlack.startApi();
    const imported = await runDubanCommand(["campaign", "import", PRODUCT_EXAMPLE], {
      DATA_DIR: onSlack.dataDir,
    });
    expect(imported.code).toBe(0);
    ({ bot, slack } = await onSlack.startInSocketMode({
      env: { DUBAN_SIMULATED_CLOCK: "2027-03-04T16:00:00Z@1" },
    }));
  }, 90_000);

  afterAll(() => onSlack.close());

  it("connects with the app-level token and gets the week's prompt to Tom", async () => {
    const opened = await api.waitForCall("apps.connections.open");
    // The fake answers ok only to the app-level token (the bot token: not_allowed_token_type).
    expect(opened.ok).toBe(true);
    expect(String(opened.response.url)).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    const connection = await api.socketMode.waitForConnection();
    expect(connection.closedAt).toBeUndefined();
    await waitUntil(() => api.messages(api.dmChannelOf(TOM)).find(has(PROMPT)));
  }, 30_000);

  it("acks a DM's events_api envelope and answers it", async () => {
    const answer = onSlack.nextDmTo(TOM, has(MY_TASKS));
    const delivery = await slack.dm(TOM, "mytasks");
    expect(delivery.ack.envelopeId).toBe(delivery.envelope.envelope_id);
    expect(delivery.envelope.type).toBe("events_api");
    await answer;
  }, 30_000);

  it("handles a redelivered envelope (same event_id, retry_attempt 1) once", async () => {
    const dm = api.dmChannelOf(TOM);
    const answers = () => api.messages(dm).filter(has(MY_TASKS)).length;
    const before = answers();
    const answered = onSlack.nextDmTo(TOM, has(MY_TASKS));
    const first = await slack.dm(TOM, "mytasks", { eventId: "Ev0SOCKRETRY" });
    await answered;
    const retry = await slack.event(first.event, {
      eventId: first.eventId,
      retryNum: 1,
      retryReason: "timeout",
    });
    expect(retry.envelope.retry_attempt).toBe(1);
    expect(retry.envelope.envelope_id).not.toBe(first.envelope.envelope_id);
    expect(retry.ack.envelopeId).toBe(retry.envelope.envelope_id);
    // What comes after the redelivery is answered after anything it would have caused: Tom's
    // updates are handled one at a time and his DM's messages go out in order.
    const helped = onSlack.nextDmTo(TOM, has("/duban report"));
    await slack.dm(TOM, "help");
    await helped;
    expect(answers()).toBe(before + 1);
  }, 30_000);

  it("acks `/duban status` in the leads' channel and answers Olivia only, by response_url", async () => {
    const delivery = await slack.command(OLIVIA, "status", { channelId: LEADS });
    expect(delivery.envelope.type).toBe("slash_commands");
    expect(delivery.envelope.accepts_response_payload).toBe(true);
    // Acknowledged at once and empty: the answer follows on the response_url.
    expect(delivery.ack.payload ?? {}).toEqual({});
    const response = await api.waitForResponse((r) => r.id === delivery.responseUrlId);
    expect(response.status).toBe(200);
    expect(response.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(response.body)).toContain(MY_TASKS);
  }, 30_000);

  it("answers `/duban mytasks` typed in the DM there", async () => {
    const answer = onSlack.nextDmTo(TOM, has(MY_TASKS));
    const delivery = await slack.command(TOM, "mytasks");
    expect(delivery.ack.envelopeId).toBe(delivery.envelope.envelope_id);
    await answer;
  }, 30_000);

  it("opens the report form from the Home tab and acks a wrong field with its error", async () => {
    const published = api.nextCall("views.publish");
    await slack.appHomeOpened(TOM);
    await published;
    const opened = api.nextCall("views.open");
    await slack.clickHomeButton(TOM, { text: "📝 Task 1 as a form" });
    expect((await opened).ok).toBe(true);
    const [form] = api.openModals(TOM);
    if (!form) throw new Error("no modal open");
    // Every required field filled in, the first figure with what no number parser reads.
    const figure = inputBlockIds(form.blocks, "metric:")[0] ?? "";
    const filled = fillRequired(form.blocks, { progress: "Ran the pricing-page test" });
    const submitted = await slack.submitView(
      TOM,
      form,
      formValues(form, { ...filled, [figure]: "lots" }),
    );
    expect(submitted.envelope.accepts_response_payload).toBe(true);
    expect(submitted.ack.payload?.response_action).toBe("errors");
    expect(submitted.outcome).toMatchObject({
      kind: "errors",
      errors: { [figure]: expect.any(String) },
    });
  }, 30_000);

  it("reconnects after Slack's refresh_requested and keeps answering", async () => {
    const [current] = api.socketMode.openConnections();
    if (!current) throw new Error("no open connection");
    const opens = api.callsTo("apps.connections.open").length;
    expect(api.socketMode.disconnect("refresh_requested")).toBe(1);
    const next = await api.socketMode.waitForConnection({ after: current.id });
    expect(api.callsTo("apps.connections.open").length).toBe(opens + 1);
    // The client closed the old socket itself, with a close frame.
    await waitUntil(() => api.socketMode.connections().find((c) => c.id === current.id)?.closedAt);
    const answer = onSlack.nextDmTo(TOM, has(MY_TASKS));
    const delivery = await slack.dm(TOM, "mytasks");
    expect(delivery.ack.connectionId).toBe(next.id);
    await answer;
  }, 60_000);

  it("handles a button tap: acked, the tapped message loses its buttons, the report starts", async () => {
    const prompt = api.messages(api.dmChannelOf(TOM)).find(has(PROMPT));
    if (!prompt) throw new Error("no prompt");
    const updated = api.nextCall("chat.update", (call) => call.args.ts === prompt.ts);
    const question = onSlack.nextDmTo(TOM, has("what did you do this week?"));
    const tap = await slack.clickButton(TOM, prompt, { text: "Start my report" });
    expect(tap.envelope.type).toBe("interactive");
    expect(tap.ack.envelopeId).toBe(tap.envelope.envelope_id);
    expect((await updated).ok).toBe(true);
    await question;
  }, 30_000);

  it("serves no /slack/events on duban's HTTP server", async () => {
    const response = await fetch(`${await bot.httpUrl()}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "url_verification", challenge: "x" }),
    });
    expect(response.status).toBe(404);
    expect(api.socketMode.unexpected).toEqual([]);
  }, 30_000);

  it("closes its socket with a close frame when stopped", async () => {
    const [open] = api.socketMode.openConnections();
    if (!open) throw new Error("no open connection");
    const exit = await bot.stop("SIGTERM");
    expect(exit.code).toBe(0);
    const closed = await waitUntil(() =>
      api.socketMode.connections().find((c) => c.id === open.id && c.closedAt !== undefined),
    );
    expect(closed.closeCode).toBe(1000);
  }, 45_000);

  it("refuses to start with the bot token as SLACK_APP_TOKEN, naming the variable", async () => {
    const refused = await runDubanCommand(
      ["start"],
      { ...startEnv(), SLACK_APP_TOKEN: api.botToken },
      30_000,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("SLACK_APP_TOKEN");
    expect(api.callsTo("apps.connections.open").filter((call) => !call.ok)).toEqual([]);
  }, 45_000);

  it("stops the start when Slack refuses the app token", async () => {
    const refused = await runDubanCommand(
      ["start"],
      { ...startEnv(), SLACK_APP_TOKEN: "xapp-1-A01-revoked" },
      60_000,
    );
    expect(refused.code).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toContain("invalid_auth");
  }, 75_000);
});

/** The block ids of the form's inputs whose ids start with `prefix`. */
function inputBlockIds(blocks: readonly unknown[], prefix: string): string[] {
  return inputBlocksOf({ blocks })
    .map((input) => input.blockId)
    .filter((id) => id.startsWith(prefix));
}

/** `given`, and for every other required input a plain answer: a figure, a choice. */
function fillRequired(
  blocks: readonly unknown[],
  given: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = { ...given };
  for (const input of inputBlocksOf({ blocks })) {
    if (input.optional || values[input.blockId] !== undefined) continue;
    const options = Array.isArray(input.element.options) ? input.element.options : [];
    const first: unknown = options[0];
    values[input.blockId] = isRecord(first) && typeof first.value === "string" ? first.value : "12";
  }
  return values;
}
