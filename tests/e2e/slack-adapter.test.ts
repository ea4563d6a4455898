import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { runDubanCommand } from "../support/run-duban.js";
import {
  AISHA,
  DubanOnSlack,
  has,
  LEADS,
  OLIVIA,
  PRODUCT_WORKSPACE,
  TOM,
  waitUntil,
} from "../support/slack/duban-on-slack.js";
import type { FakeSlackApi, FakeSlackMessage } from "../support/slack/fake-slack-api.js";
import { byLabel, formValues, type SlackSender } from "../support/slack/slack-client.js";

const STRANGER = "U09STRANGE";

/**
 * The Slack adapter through `duban start`: Bolt's real HTTP receiver on duban's own server
 * at /slack/events receives signed event, command, action and view-submission payloads in
 * Slack's shapes, and duban calls a loopback fake of the Web API that answers like Slack
 * (its limits, trigger ids that expire, 429 with Retry-After). The clock stands on Thursday
 * 4 March 2027, 16:00 in London, after the week's prompt.
 */
describe("Slack through duban start, Bolt's HTTP receiver and a fake Slack Web API", () => {
  const onSlack = new DubanOnSlack({
    ...PRODUCT_WORKSPACE,
    users: [...PRODUCT_WORKSPACE.users, { id: STRANGER, name: "stranger" }],
  });
  let api: FakeSlackApi;
  let slack: SlackSender;

  const buttonsOf = (message: FakeSlackMessage) => JSON.stringify(message.blocks);
  /** Lets what earlier steps queued go out, so that only what follows counts. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));

  beforeAll(async () => {
    api = await onSlack.startApi();
    const imported = await runDubanCommand(["campaign", "import", PRODUCT_EXAMPLE], {
      DATA_DIR: onSlack.dataDir,
    });
    expect(imported.code).toBe(0);
    ({ slack } = await onSlack.startOverHttp({
      env: { DUBAN_SIMULATED_CLOCK: "2027-03-04T16:00:00Z@1" },
    }));
    // The week's prompt, caught up at start, reaches every Slack member in their DM.
    await waitUntil(() => api.messages(api.dmChannelOf(TOM)).find(has("Reporting for Product")));
  }, 90_000);

  afterAll(() => onSlack.close());

  it("shows the App Home: my tasks and this week's state", async () => {
    await slack.appHomeOpened(TOM);
    const home = await waitUntil(() => api.homeView(TOM));
    const text = JSON.stringify(home);
    expect(text).toContain("Grow self-serve sign-ups");
    expect(text).toContain("Report step by step");
  }, 30_000);

  it("rejects forged, missing and stale signatures with 401 and processes none of them", async () => {
    // Let what earlier tests queued go out first: only these requests may count.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const before = api.calls.length;
    const forged = await slack.dm(TOM, "mytasks", { signature: "v0=deadbeef" });
    const missing = await slack.dm(TOM, "mytasks", { signature: null });
    const stale = await slack.dm(TOM, "mytasks", {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const future = await slack.dm(TOM, "mytasks", {
      timestamp: Math.floor(Date.now() / 1000) + 600,
    });
    expect([forged.status, missing.status, stale.status, future.status]).toEqual([
      401, 401, 401, 401,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(api.calls.slice(before).filter((call) => call.method === "chat.postMessage")).toEqual(
      [],
    );
  }, 30_000);

  it("processes a retried event once", async () => {
    const dm = api.dmChannelOf(TOM);
    const before = api.messages(dm).length;
    const eventId = "Ev0RETRIED01";
    const answer = onSlack.nextDmTo(TOM, has("Grow self-serve sign-ups"));
    const first = await slack.dm(TOM, "mytasks", { eventId });
    expect(first.status).toBe(200);
    await answer;
    const answered = api.messages(dm).length;
    expect(answered).toBeGreaterThan(before);
    const retry = await slack.dm(TOM, "mytasks", {
      eventId,
      retryNum: 1,
      retryReason: "http_timeout",
    });
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(api.messages(dm).length).toBe(answered);
  }, 30_000);

  it("takes a task's report as one modal, a figure it cannot read shown inline, and stores it as confirmed", async () => {
    const offer = onSlack.nextDmTo(TOM, (message) =>
      buttonsOf(message).includes("📝 Task 1 as a form"),
    );
    await slack.dm(TOM, "report");
    await slack.clickButton(TOM, await offer, { text: "📝 Task 1 as a form" });
    const modal = await waitUntil(() => api.openModals(TOM).at(-1));
    expect(JSON.stringify(modal.title)).toContain("Task 1");
    const answers = (signups: string) =>
      formValues(
        modal,
        byLabel(modal, {
          "What did you do this week?": "Launched the referral page\nRan two onboarding emails",
          "New sign-ups": signups,
          "Activation rate (%)": "41.5",
          "How is it going?": "at_risk",
          "Problems or difficulties": "Paid ads paused by finance",
          "Next steps": "Test a shorter sign-up form",
        }),
      );

    const refused = await slack.submitView(TOM, modal, answers("about a thousand"));
    expect(refused.status).toBe(200);
    if (refused.outcome.kind !== "errors") throw new Error(JSON.stringify(refused.outcome));
    const [signupsField] = Object.keys(byLabel(modal, { "New sign-ups": "" }));
    expect(Object.keys(refused.outcome.errors)).toEqual([signupsField]);
    expect(refused.outcome.errors[signupsField ?? ""]).toContain("number");
    expect(api.openModals(TOM).at(-1)?.id).toBe(modal.id); // still open, nothing lost

    const confirmation = onSlack.nextDmTo(TOM, has("Submitted task 1"));
    const accepted = await slack.submitView(TOM, modal, answers("1,250"));
    expect(accepted.outcome).toEqual({ kind: "closed" });
    expect((await confirmation).text).toContain("/duban edit");

    // A leader's status of the task shows the figures exactly as Tom gave them.
    const before = api.ephemerals(OLIVIA).length;
    await slack.command(OLIVIA, "status 1", { channelId: LEADS });
    const status = await waitUntil(() => {
      const shown = api.ephemerals(OLIVIA).slice(before);
      return shown.some((e) => e.text.includes("Grow self-serve sign-ups")) ? shown : undefined;
    });
    const text = status.map((e) => e.text).join("\n");
    expect(text).toMatch(/1,?250/);
    expect(text).toContain("41.5");
    expect(text).toContain("Tom Fletcher");
    expect(api.messages(LEADS).filter((m) => m.text.includes("1,250"))).toEqual([]); // private
  }, 60_000);

  it("holds every send for Slack's Retry-After after a 429, then sends each message once", async () => {
    await settle();
    api.rateLimit("chat.postMessage", { times: 1, retryAfterSeconds: 2, window: true });
    const before = api.calls.length;
    const toTom = onSlack.nextDmTo(TOM, has("Grow self-serve sign-ups"));
    const toAisha = onSlack.nextDmTo(AISHA, has("Make the public API faster and steadier"));
    await slack.dm(TOM, "mytasks");
    await slack.dm(AISHA, "mytasks");
    await Promise.all([toTom, toAisha]);
    await settle();
    const posts = api.calls.slice(before).filter((call) => call.method === "chat.postMessage");
    // Slack refuses every post in the window: one 429 means duban sent nothing during it.
    expect(posts.filter((call) => call.status === 429)).toHaveLength(1);
    const delivered = posts.filter((call) => call.ok).map((call) => String(call.args.channel));
    expect(delivered.sort()).toEqual([AISHA, TOM]);
  }, 60_000);

  it("sends a leader the circular draft with its Word file, and posts it to the leadership channel once approved", async () => {
    const draft = onSlack.nextDmTo(OLIVIA, (message) => buttonsOf(message).includes("Approve"));
    await slack.command(OLIVIA, "circular 2027Q1");
    const withApprove = await draft;
    const file = await waitUntil(() =>
      api
        .messages(api.dmChannelOf(OLIVIA))
        .flatMap((message) => message.files ?? [])
        .find((f) => String(f.name).endsWith(".docx")),
    );
    const upload = api.uploadedFiles().find((u) => u.id === file.id);
    expect(upload?.completed).toBe(true);
    expect(file.bytes.subarray(0, 2).toString()).toBe("PK"); // a zip: the DOCX

    await slack.clickButton(OLIVIA, withApprove, { text: "Approve" });
    const posted = await waitUntil(() =>
      api.messages(LEADS).find((message) => (message.files ?? []).length > 0),
    );
    expect(String(posted.files?.[0]?.name)).toMatch(/\.docx$/);
    expect(api.messages(LEADS).some((m) => m.text.includes("Grow self-serve sign-ups"))).toBe(true);
    // The tapped message keeps the choice made, as a line, instead of its buttons.
    const tapped = await waitUntil(() => {
      const now = api.messageByTs(withApprove.ts, withApprove.channel);
      return now && now.updatedTimes > 0 ? now : undefined;
    });
    expect(buttonsOf(tapped)).not.toContain('"type":"button"');
    expect(buttonsOf(tapped)).toContain("✓ Approve");
  }, 60_000);

  it("refuses a stranger without a word about the organisation", async () => {
    const dm = api.dmChannelOf(STRANGER);
    await slack.dm(STRANGER, "hello");
    const refusal = await waitUntil(() => api.messages(dm).at(-1));
    expect(refusal.text).not.toContain("Product goals");
    expect(refusal.text).not.toContain("Northwind");
  }, 30_000);
});
