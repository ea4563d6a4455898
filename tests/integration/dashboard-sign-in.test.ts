import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import { plainText } from "../../src/core/reply.js";
import { mountDashboard } from "../../src/dashboard/mount-dashboard.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { loadCampaignFile, PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const THURSDAY = new Date("2027-06-10T15:00:00Z");
const ORIGIN = "http://duban.example:3000";
const OLIVIA = "700000001";
const TOM = "700000004";
const MINUTE = 60_000;

/** The product example with Olivia (a leader) and Tom (staff) on Telegram. */
function productCampaign() {
  const file = loadCampaignFile(PRODUCT_EXAMPLE);
  for (const member of file.members) {
    if (member.key === "olivia") member.telegram = OLIVIA;
    if (member.key === "tom") member.telegram = TOM;
  }
  file.channels.push({
    key: "leads-telegram",
    platform: "telegram",
    chatId: "-100500",
    purpose: "leadership",
    title: "Product leads",
  });
  return file;
}

interface Call {
  method?: "GET" | "POST";
  /** The socket's peer; a machine elsewhere by default. */
  from?: string;
  /** The origin the request was sent to. */
  to?: string;
  headers?: Record<string, string>;
  form?: Record<string, string>;
}

describe(`dashboard sign-in by a one-time link (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let clock = THURSDAY;
  const now = () => clock;
  const apps = new Map<boolean, Hono>();

  /** A request to duban as @hono/node-server hands it over (the peer in `env.incoming`). */
  const call = (path: string, options: Call = {}, localViewer = false) => {
    let app = apps.get(localViewer);
    if (!app) {
      app = new Hono();
      mountDashboard(app, {
        prisma: database.prisma,
        now,
        locale: "en",
        localViewer,
        publicUrlIsHttps: false,
      });
      apps.set(localViewer, app);
    }
    const headers = new Headers(options.headers);
    let body: string | undefined;
    if (options.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(options.form).toString();
    }
    return app.request(
      `${options.to ?? ORIGIN}${path}`,
      { method: options.method ?? "GET", headers, ...(body ? { body } : {}) },
      { incoming: { socket: { remoteAddress: options.from ?? "192.0.2.7" } } },
    );
  };
  /** A POST as the dashboard's own page sends it. */
  const ownPost = (path: string, form: Record<string, string>, headers = {}) =>
    call(path, {
      method: "POST",
      form,
      headers: { origin: ORIGIN, "sec-fetch-site": "same-origin", ...headers },
    });
  const chat = (userId: string, chatKind: "private" | "group" = "private") =>
    new ChatDriver({
      prisma: database.prisma,
      userId,
      chatKind,
      ...(chatKind === "group" ? { chatId: "-100500" } : {}),
      now,
      handler: createIncomingHandler({
        prisma: database.prisma,
        logger,
        now,
        links: { dashboardUrl: () => ORIGIN },
      }),
    });
  /** Olivia asks for a link; resolves with its token. */
  const linkToken = async () => {
    const replies = await chat(OLIVIA).command("dashboard");
    const text = replies.map((reply) => (reply.kind === "message" ? plainText(reply.text) : ""));
    const match = /http:\/\/duban\.example:3000\/dashboard\/sign-in\/([A-Za-z0-9_-]+)/.exec(
      text.join("\n"),
    );
    expect(match, text.join("\n")).not.toBeNull();
    return match?.[1] ?? "";
  };
  const cookieOf = (response: Response) =>
    (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const signIn = async () => {
    const response = await ownPost("/dashboard/sign-in", { token: await linkToken() });
    expect(response.status).toBe(303);
    return cookieOf(response);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: productCampaign() });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("gives a leader a link in a private chat, and nobody else", async () => {
    const replies = await chat(OLIVIA).command("dashboard");
    const text = replies.map((reply) => (reply.kind === "message" ? plainText(reply.text) : ""));
    expect(text.join("\n")).toContain("works once, within 15 minutes");
    expect(text.join("\n")).toContain(`${ORIGIN}/dashboard/sign-in/`);

    const staff = await chat(TOM).command("dashboard");
    expect(staff.map((reply) => (reply.kind === "message" ? plainText(reply.text) : ""))).toEqual([
      expect.stringContaining("for members of the leadership group"),
    ]);
    const before = await database.prisma.dashboardSignInLink.count();
    const group = await chat(OLIVIA, "group").command("dashboard");
    expect(group.map((reply) => (reply.kind === "message" ? plainText(reply.text) : ""))).toEqual([
      expect.stringContaining("send /dashboard to me in a private chat"),
    ]);
    expect(await database.prisma.dashboardSignInLink.count()).toBe(before);
  });

  it("refuses a request from elsewhere without sign-in, saying how to sign in", async () => {
    const remote = await call("/dashboard");
    expect(remote.status).toBe(401);
    expect(await remote.text()).toContain("Send /dashboard to duban in a private chat");
    expect((await call("/dashboard/c/product-2027/circular/2027Q2.docx")).status).toBe(401);
    // Loopback counts only while duban listens on loopback alone, and only for this machine.
    const local = { from: "127.0.0.1", to: "http://127.0.0.1:3000" };
    expect((await call("/dashboard", local)).status).toBe(401);
    expect((await call("/dashboard", local, true)).status).toBe(302);
    expect(
      (await call("/dashboard", { ...local, to: "http://rebound.example" }, true)).status,
    ).toBe(401);
    const proxied = { ...local, headers: { "x-forwarded-for": "198.51.100.4" } };
    expect((await call("/dashboard", proxied, true)).status).toBe(401);
  });

  it("shows whom a link signs in without using it up", async () => {
    const token = await linkToken();
    for (let i = 0; i < 2; i++) {
      const page = await call(`/dashboard/sign-in/${token}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("signs you in as Olivia Bennett");
      expect(html).toContain('<form class="sign-in" method="post" action="/dashboard/sign-in"');
      expect(page.headers.get("referrer-policy")).toBe("no-referrer");
      expect(page.headers.get("set-cookie")).toBeNull();
    }
    const links = await database.prisma.dashboardSignInLink.findMany({ where: { usedAt: null } });
    expect(links.length).toBeGreaterThan(0);
  });

  it("signs in once with a link: an httpOnly, SameSite=Lax cookie for the dashboard's paths", async () => {
    const token = await linkToken();
    const response = await ownPost("/dashboard/sign-in", { token });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^duban_dashboard=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("Max-Age=43200");
    expect(cookie).toContain("Path=/dashboard");
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).not.toContain("Secure");

    const headers = { cookie: cookieOf(response) };
    const list = await call("/dashboard", { headers });
    expect(list.status).toBe(302);
    expect(list.headers.get("location")).toBe("/dashboard/c/product-2027");
    const page = await call("/dashboard/c/product-2027", { headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Signed in as Olivia Bennett");
    expect(html).toContain('action="/dashboard/sign-out"');

    // The same link again, by POST or by GET: used.
    const again = await ownPost("/dashboard/sign-in", { token });
    expect(again.status).toBe(403);
    expect(await again.text()).toContain("already been used");
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(await (await call(`/dashboard/sign-in/${token}`)).text()).toContain("already been used");
  });

  it("sets the cookie Secure behind an https proxy", async () => {
    const response = await ownPost(
      "/dashboard/sign-in",
      { token: await linkToken() },
      { "x-forwarded-proto": "https" },
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("set-cookie")).toContain("Secure");
  });

  it("lets only one of two racing requests use a link", async () => {
    const token = await linkToken();
    const results = await Promise.all([
      ownPost("/dashboard/sign-in", { token }),
      ownPost("/dashboard/sign-in", { token }),
    ]);
    expect(results.map((response) => response.status).sort()).toEqual([303, 403]);
  });

  it("refuses an expired link and a forged one", async () => {
    const token = await linkToken();
    clock = new Date(THURSDAY.getTime() + 16 * MINUTE);
    try {
      const late = await ownPost("/dashboard/sign-in", { token });
      expect(late.status).toBe(403);
      expect(await late.text()).toContain("a link works for 15 minutes");
      expect(late.headers.get("set-cookie")).toBeNull();
    } finally {
      clock = THURSDAY;
    }
    const forged = await ownPost("/dashboard/sign-in", { token: "x".repeat(43) });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("not a valid sign-in link");
    expect((await ownPost("/dashboard/sign-in", {})).status).toBe(403);
  });

  it("refuses a cross-site POST: the link stays unused and the session stays", async () => {
    const token = await linkToken();
    const crossSite = await call("/dashboard/sign-in", {
      method: "POST",
      form: { token },
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.text()).toContain("did not come from duban");
    expect(crossSite.headers.get("set-cookie")).toBeNull();
    const foreignOrigin = await call("/dashboard/sign-in", {
      method: "POST",
      form: { token },
      headers: { origin: "https://evil.example" },
    });
    expect(foreignOrigin.status).toBe(403);
    // The link still works from duban's own page.
    const cookie = cookieOf(await ownPost("/dashboard/sign-in", { token }));
    const signOut = await call("/dashboard/sign-out", {
      method: "POST",
      headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect(signOut.status).toBe(403);
    expect((await call("/dashboard", { headers: { cookie } })).status).toBe(302);
  });

  it("ends a session at sign-out and after 12 hours", async () => {
    const cookie = await signIn();
    const signedOut = await ownPost("/dashboard/sign-out", {}, { cookie });
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain("You have signed out");
    expect(signedOut.headers.get("set-cookie")).toMatch(/^duban_dashboard=;.*Max-Age=0/);
    expect((await call("/dashboard", { headers: { cookie } })).status).toBe(401);

    const later = await signIn();
    clock = new Date(THURSDAY.getTime() + 12 * 60 * MINUTE - 1000);
    try {
      expect((await call("/dashboard", { headers: { cookie: later } })).status).toBe(302);
      clock = new Date(THURSDAY.getTime() + 12 * 60 * MINUTE);
      expect((await call("/dashboard", { headers: { cookie: later } })).status).toBe(401);
    } finally {
      clock = THURSDAY;
    }
  });
});
