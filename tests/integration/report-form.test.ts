import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import type { DirectAnswer } from "../../src/core/direct-answer.js";
import type { Incoming } from "../../src/core/incoming.js";
import { plainText, type Reply } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { loadCampaignFile, PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Thursday 4 March 2027, 16:00 in London: 2027-W09 is open until Friday 17:00.
const THURSDAY = new Date("2027-03-04T16:00:00Z");
const TOM = "U01TOMF444";
const OLIVIA = "U01OLIVIA1";
const LEADS = "C04PRODLEAD";

describe(`the weekly report as one form, and the core's direct answers (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let handle: (incoming: Incoming) => Promise<DirectAnswer>;
  let next = 0;

  const incoming = (
    user: string,
    content: Incoming["content"],
    extra: Partial<Pick<Incoming, "chat" | "respond">> = {},
  ): Incoming => ({
    platform: "slack",
    updateKey: `test:${++next}`,
    receivedAt: THURSDAY,
    user: { externalId: user },
    chat: { id: user, kind: "private" },
    ...extra,
    content,
  });

  /** Sends, and returns the direct answer and the replies it queued. */
  const send = async (message: Incoming) => {
    const direct = await handle(message);
    const rows = await database.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: `in:slack:${message.updateKey}#` } },
      orderBy: { idempotencyKey: "asc" },
    });
    const queued = rows.map((row) => row.payload as unknown as Reply);
    return { direct, queued };
  };
  const text = (replies: Reply[]) =>
    replies
      .map((reply) => (reply.kind === "file" ? reply.fileName : plainText(reply.text)))
      .join("\n");
  const buttons = (replies: Reply[]) =>
    replies.flatMap((reply) => (reply.kind === "message" ? (reply.buttons ?? []).flat() : []));

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(PRODUCT_EXAMPLE) });
    handle = createIncomingHandler({ prisma: database.prisma, logger, now: () => THURSDAY });
  });
  afterAll(async () => {
    await database?.close();
  });

  let formButton = "";

  it("offers each task as a form when the report starts on Slack", async () => {
    const { direct, queued } = await send(
      incoming(TOM, { kind: "command", name: "report", args: "" }),
    );
    expect(direct.kind).toBe("none");
    // After the introduction, before the first question.
    const said = text(queued);
    const offerAt = said.indexOf("You can also fill in a task as one form");
    expect(said.indexOf("time to report progress")).toBeGreaterThanOrEqual(0);
    expect(said.indexOf("time to report progress")).toBeLessThan(offerAt);
    expect(offerAt).toBeLessThan(said.indexOf("what did you do this week?"));
    const offered = buttons(queued).filter((button) => button.data.startsWith("rf|"));
    expect(offered.map((button) => button.label)).toEqual([
      "📝 Task 1 as a form",
      "📝 Task 3 as a form",
    ]);
    // Longer than Telegram's 64 bytes: the core no longer keeps to one platform's limit.
    expect(offered[0]?.data.length).toBeGreaterThan(64);
    formButton = offered[0]?.data ?? "";
  });

  it("opens the form of that task at once, as a direct answer", async () => {
    const { direct, queued } = await send(incoming(TOM, { kind: "choice", data: formButton }));
    expect(queued).toEqual([]);
    expect(direct.kind).toBe("openForm");
    if (direct.kind !== "openForm") return;
    expect(direct.form.id).toMatch(/^rf\|.+\|2027-W09$/);
    expect(direct.form.fields.map((field) => field.label)).toEqual([
      "What did you do this week?",
      "New sign-ups",
      "Activation rate (%)",
      "How is it going?",
      "What is blocking it?",
      "Problems or difficulties",
      "Next steps",
    ]);
    expect(direct.locale).toBe("en");
  });

  const formId = async () => {
    const { direct } = await send(incoming(TOM, { kind: "choice", data: formButton }));
    if (direct.kind !== "openForm") throw new Error("no form");
    return direct.form;
  };

  it("refuses a form with errors field by field and saves nothing", async () => {
    const form = await formId();
    const ids = form.fields.map((field) => field.id);
    const values = Object.fromEntries(ids.map((id) => [id, ""]));
    const { direct, queued } = await send(
      incoming(TOM, {
        kind: "form",
        formId: form.id,
        values: {
          ...values,
          progress: "Launched the new pricing page",
          [ids[1] ?? ""]: "lots",
          [ids[2] ?? ""]: "41,5%",
        },
      }),
    );
    expect(queued).toEqual([]);
    expect(direct.kind).toBe("formErrors");
    if (direct.kind !== "formErrors") return;
    expect(Object.keys(direct.errors).sort()).toEqual([ids[1], ids[2], "health"].sort());
    expect(direct.errors[ids[1] ?? ""]).toBe("That does not look like a number.");
    expect(direct.errors[ids[2] ?? ""]).toBe("Please write decimals with a point, e.g. 41.5%.");
    const reports = await database.prisma.report.count({ where: { state: "submitted" } });
    expect(reports).toBe(0);
  });

  it("submits a correct form as the chat's Submit does, and says so in the chat", async () => {
    const form = await formId();
    const ids = form.fields.map((field) => field.id);
    const values = {
      progress: "Launched the new pricing page\nRan two onboarding experiments",
      [ids[1] ?? ""]: "1,250",
      [ids[2] ?? ""]: "38.5%",
      health: "at_risk",
      blockedReason: "",
      problems: "Paid campaigns paused by finance",
      nextSteps: "none",
    };
    const { direct, queued } = await send(incoming(TOM, { kind: "form", formId: form.id, values }));
    expect(direct.kind).toBe("formDone");
    expect(text(queued)).toContain("Submitted task 1, “Grow self-serve sign-ups”");
    const report = await database.prisma.report.findFirstOrThrow({
      where: { state: "submitted", member: { key: "tom" } },
      include: { metricValues: { include: { metric: true } } },
    });
    expect(report.period).toBe("2027-W09");
    expect(report.progressItems).toEqual([
      "Launched the new pricing page",
      "Ran two onboarding experiments",
    ]);
    expect(report.health).toBe("at_risk");
    expect(report.problems).toBe("Paid campaigns paused by finance");
    expect(report.nextSteps).toBeNull();
    const figures = Object.fromEntries(
      report.metricValues.map((value) => [
        value.metric.key,
        [value.value.toString(), value.rawText],
      ]),
    );
    expect(figures).toEqual({ signups: ["1250", "1,250"], "activation-rate": ["38.5", "38.5%"] });
    // The chat conversation the form replaced is closed; its draft stays.
    const open = await database.prisma.conversation.count({ where: { closedAt: null } });
    expect(open).toBe(0);

    // The same form again changes nothing and says so.
    const again = await send(incoming(TOM, { kind: "form", formId: form.id, values }));
    expect(again.direct.kind).toBe("formDone");
    expect(text(again.queued)).toContain("nothing changed");
    const revisions = await database.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(revisions.revision).toBe(1);
  });

  it("refuses a form from a stranger or for someone else's task without a word about it", async () => {
    const form = await formId();
    const stranger = await send(
      incoming("U09STRANGER", { kind: "form", formId: form.id, values: { progress: "x" } }),
    );
    expect(stranger.direct.kind).toBe("formErrors");
    const olivia = await send(
      incoming(OLIVIA, { kind: "form", formId: form.id, values: { progress: "x" } }),
    );
    expect(olivia.direct).toMatchObject({ kind: "formErrors" });
    expect(JSON.stringify(olivia.direct)).toContain("form is for an earlier week");
  });

  it("answers directly when asked to: the home view, and a leader's command in the channel", async () => {
    const home = await send(incoming(TOM, { kind: "home" }, { respond: "direct" }));
    expect(home.queued).toEqual([]);
    expect(home.direct.kind).toBe("replies");
    if (home.direct.kind !== "replies") return;
    expect(text(home.direct.replies)).toContain("Grow self-serve sign-ups");
    expect(buttons(home.direct.replies).map((button) => button.label)).toContain(
      "Report step by step",
    );
    // A button per owned task to report it as a form, the same as when the report starts.
    const homeForms = buttons(home.direct.replies).filter((button) =>
      button.data.startsWith("rf|"),
    );
    expect(homeForms.map((button) => button.label)).toEqual([
      "📝 Task 1 as a form",
      "📝 Task 3 as a form",
    ]);
    expect(homeForms[0]?.data).toBe(formButton);

    const status = await send(
      incoming(
        OLIVIA,
        { kind: "command", name: "status", args: "" },
        { chat: { id: LEADS, kind: "group" }, respond: "direct" },
      ),
    );
    expect(status.queued).toEqual([]);
    expect(status.direct.kind).toBe("replies");
    if (status.direct.kind === "replies") {
      expect(text(status.direct.replies)).toContain("Grow self-serve sign-ups");
    }
    const staff = await send(
      incoming(
        TOM,
        { kind: "command", name: "status", args: "" },
        { chat: { id: LEADS, kind: "group" }, respond: "direct" },
      ),
    );
    expect(staff.direct.kind).toBe("replies");
    if (staff.direct.kind === "replies")
      expect(text(staff.direct.replies)).not.toContain("sign-ups");
  });

  it("runs a command typed without its slash when no report is open", async () => {
    const typed = await send(incoming(TOM, { kind: "text", text: "mytasks" }));
    expect(text(typed.queued)).toContain("Grow self-serve sign-ups");
    const sentence = await send(incoming(TOM, { kind: "text", text: "skip the standup" }));
    expect(text(sentence.queued)).not.toContain("skipped");
  });
});
