import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import {
  createOutboxDispatcher,
  type OutboxDispatcher,
} from "../../src/outbox/outbox-dispatcher.js";
import { createWebAdapter } from "../../src/platforms/web/web-adapter.js";
import { loadCampaignFile, PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";
import { textOf, WebTryoutClient } from "../support/web-tryout-client.js";

// Thursday of 2027-W10, after the prompt (15:00 London): the week is open for reports.
const THURSDAY = new Date("2027-03-11T16:00:00Z");

describe(`the try-out chat's API (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let dispatcher: OutboxDispatcher;
  let adapter: ReturnType<typeof createWebAdapter>;
  let clock = THURSDAY;
  const now = () => clock;

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(PRODUCT_EXAMPLE) });
    const handleIncoming = createIncomingHandler({ prisma: database.prisma, logger, now });
    adapter = createWebAdapter({
      prisma: database.prisma,
      handleIncoming,
      logger,
      locale: "en",
      loopbackOnly: true,
      now,
    });
    await adapter.start();
    dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [adapter.gateway],
      logger,
      now,
    });
  });
  afterAll(async () => {
    await adapter?.stop();
    await dispatcher?.stop();
    await database?.close();
  });

  /** Sends what the core queued, then reads what is new. */
  const delivered = async (client: WebTryoutClient) => {
    await dispatcher.drain();
    return client.poll();
  };

  const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

  it("lists the campaign's members with their roles, units and languages", async () => {
    const page = WebTryoutClient.forApp(adapter.app);
    const response = await page.request("/tryout/api/members");
    expect(response.status).toBe(200);
    const { members } = (await response.json()) as { members: Record<string, unknown>[] };
    expect(members.map((member) => member.key)).toEqual([
      "olivia",
      "james",
      "priya",
      "tom",
      "aisha",
      "lucas",
      "mei",
    ]);
    expect(members[0]).toEqual({
      key: "olivia",
      name: "Olivia Bennett",
      title: "VP Product",
      unit: { key: "company", name: "Northwind Labs" },
      locale: "en",
      campaigns: [{ key: "product-2027", title: "Product goals 2027", role: "leader" }],
    });
    expect(members.find((member) => member.key === "mei")?.locale).toBe("zh-CN");
  });

  it("takes a report answer and answers after the cursor; a retried POST counts once", async () => {
    const tom = WebTryoutClient.forApp(adapter.app);
    const chosen = await tom.choose("tom");
    expect(chosen.status).toBe(200);
    expect(chosen.headers.get("set-cookie")).toMatch(/^duban_tryout=[\w-]{43}; .*HttpOnly/);
    expect(chosen.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    expect(await json(chosen)).toMatchObject({ member: { key: "tom", locale: "en" } });
    const identity = await database.prisma.chatIdentity.findFirstOrThrow({
      where: { platform: "web", member: { key: "tom" } },
    });

    expect((await tom.say("/report")).status).toBe(202);
    await delivered(tom);
    await tom.waitForBot(/what did you do this week/);
    const cursor = tom.cursor;

    const clientId = tom.clientId();
    const first = await tom.say("Launched the referral page", clientId);
    expect(first.status).toBe(202);
    expect(await json(first)).toMatchObject({ duplicate: false });
    const retried = await tom.say("Launched the referral page", clientId);
    expect(await json(retried)).toMatchObject({ duplicate: true });
    clock = new Date(clock.getTime() + 5_000); // past the wait for more lines of the answer
    const fresh = await delivered(tom);
    expect(fresh.every((message) => BigInt(message.seq) > BigInt(cursor))).toBe(true);
    expect(fresh.filter((message) => message.direction === "person").map(textOf)).toEqual([
      "Launched the referral page",
    ]);
    const done = tom.buttonOf(/done/i);
    expect(done.label).toMatch(/done/i);

    // Stored for real, once, in the report's draft.
    const conversation = await database.prisma.conversation.findFirstOrThrow({
      where: { identityId: identity.id },
    });
    expect(JSON.stringify(conversation.answers).match(/Launched the referral page/g)).toHaveLength(
      1,
    );
  });

  it("presses a button: the card is edited past the cursor and the core moves on", async () => {
    const tom = WebTryoutClient.forApp(adapter.app);
    await tom.choose("tom");
    await tom.poll();
    const done = tom.buttonOf(/done/i);
    const before = tom.messages.get(done.messageId);
    const cursor = tom.cursor;

    const pressed = await tom.press(done.messageId, done.data);
    expect(pressed.status).toBe(202);
    const fresh = await delivered(tom);
    const card = fresh.find((message) => message.id === done.messageId);
    expect(card?.revision).toBe((before?.revision ?? 0) + 1);
    expect(BigInt(card?.seq ?? 0)).toBeGreaterThan(BigInt(cursor));
    expect(card?.body).toMatchObject({ kind: "text", chosen: done.label });
    expect(card?.body.kind === "text" && card.body.buttons).toBeFalsy();
    expect(fresh.some((message) => message.body.kind === "choice")).toBe(true);
    expect(
      fresh.some((message) => message.direction === "bot" && message.id !== done.messageId),
    ).toBe(true);

    // The same button again (another tab): refused, nothing handled.
    const again = await tom.press(done.messageId, done.data);
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ error: "button_gone" });
  });

  it("answers a leader's command from the stored reports, with the circular as a file", async () => {
    const olivia = WebTryoutClient.forApp(adapter.app);
    await olivia.choose("olivia");
    await olivia.say("/circular 2027Q1");
    await delivered(olivia);
    const file = [...olivia.messages.values()].find((message) => message.body.kind === "file");
    if (file?.body.kind !== "file") throw new Error(`no file:\n${olivia.transcript()}`);
    expect(file.body.file.name).toMatch(/^product-2027-2027Q1-.*\.docx$/);

    const download = await olivia.request(`/tryout/api/files/${file.body.file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename=/);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(bytes.length).toBe(file.body.file.size);
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe("PK"); // a DOCX is a zip

    // Another member's session cannot fetch it.
    const tom = WebTryoutClient.forApp(adapter.app);
    await tom.choose("tom");
    expect((await tom.request(`/tryout/api/files/${file.body.file.id}`)).status).toBe(404);
  });

  it("refuses a cross-site POST, a foreign host, and requests without a live session", async () => {
    const tom = WebTryoutClient.forApp(adapter.app);
    await tom.choose("tom");
    const crossSite = await tom.request("/tryout/api/messages", {
      json: { clientId: tom.clientId(), text: "/report" },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect(await json(crossSite)).toMatchObject({ error: "cross_site" });
    const wrongOrigin = await tom.request("/tryout/api/messages", {
      json: { clientId: tom.clientId(), text: "/report" },
      headers: { origin: "http://evil.example", "sec-fetch-site": "same-origin" },
    });
    expect(wrongOrigin.status).toBe(403);
    const rebound = WebTryoutClient.forApp(adapter.app, "http://rebound.example:3000");
    expect((await rebound.request("/tryout/api/members")).status).toBe(403);

    const anonymous = WebTryoutClient.forApp(adapter.app);
    const missing = await anonymous.say("/report");
    expect(missing.status).toBe(401);
    expect(await json(missing)).toMatchObject({ error: "no_session", message: expect.any(String) });
    anonymous.cookie = "duban_tryout=not-a-token";
    expect(await anonymous.poll().catch((error: Error) => error.message)).toMatch(/^poll: 401/);

    const saved = clock;
    clock = new Date(clock.getTime() + 25 * 3_600_000); // the session's 24 hours are over
    try {
      expect((await tom.request("/tryout/api/messages")).status).toBe(401);
    } finally {
      clock = saved;
    }
  });

  it("answers bad input with 400 and a message, never a crash", async () => {
    const tom = WebTryoutClient.forApp(adapter.app);
    await tom.choose("tom");
    const cases: [string, unknown][] = [
      ["/tryout/api/messages", { clientId: "x", text: "hi" }],
      ["/tryout/api/messages", { clientId: tom.clientId(), text: "   " }],
      ["/tryout/api/messages", { clientId: tom.clientId(), text: "a".repeat(5000) }],
      ["/tryout/api/choices", { clientId: tom.clientId(), messageId: "abc", data: "x" }],
      ["/tryout/api/session", { member: "tom" }],
      ["/tryout/api/messages", [1, 2]],
    ];
    for (const [path, body] of cases) {
      const response = await tom.request(path, { json: body });
      expect(response.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(400);
      expect(await json(response)).toMatchObject({
        error: "bad_request",
        issues: expect.any(Array),
      });
    }
    const broken = await tom.request("/tryout/api/messages", {
      method: "POST",
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    const plain = await tom.request("/tryout/api/messages", {
      method: "POST",
      body: JSON.stringify({ clientId: tom.clientId(), text: "hi" }),
      headers: { "content-type": "text/plain" },
    });
    expect(plain.status).toBe(415);
    expect((await tom.request("/tryout/api/messages?after=-1")).status).toBe(400);
    expect((await tom.choose("nobody")).status).toBe(404);
  });

  it("serves the chat page at / with a strict CSP, its strings as data and its files", async () => {
    const response = await adapter.app.request("http://localhost/");
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    const json = html.match(/<script type="application\/json" id="duban-config">(.*?)<\/script>/s);
    const config = JSON.parse(json?.[1] ?? "null");
    expect(config.strings.en.switchPerson).toBe("Switch person");
    expect(config.strings["zh-CN"].switchPerson).toBe("切换人员");
    expect(html).not.toMatch(/<script>/);

    const script = await adapter.app.request("http://localhost/tryout/page/chat.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(await script.text()).toMatch(/^import /m);
    for (const path of ["index.html", "..%2Fweb-routes.ts", "missing.js"]) {
      const refused = await adapter.app.request(`http://localhost/tryout/page/${path}`);
      expect(refused.status, path).toBe(404);
    }
  });
});
