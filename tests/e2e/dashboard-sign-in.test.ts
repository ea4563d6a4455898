import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, skipWithoutBrowser } from "../support/browser.js";
import { type DubanProcess, killAllDubans, spawnDuban } from "../support/run-duban.js";

const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");

/** An address of this machine that is not loopback: what another computer would reach. */
function outsideAddress(): string | undefined {
  for (const entries of Object.values(networkInterfaces())) {
    for (const entry of entries ?? []) {
      if (entry.family === "IPv4" && !entry.internal) return entry.address;
    }
  }
  return undefined;
}

const ADDRESS = outsideAddress();
/** Outside CI a machine with no network address skips; in CI, `beforeAll` fails instead. */
function skipWithoutAddress(): boolean {
  if (ADDRESS !== undefined || process.env.CI) return false;
  console.warn("dashboard sign-in: this machine has no non-loopback address; skipped");
  return true;
}
const skip = skipWithoutBrowser("dashboard sign-in") || skipWithoutAddress();

/** A page of another site that posts a form to duban as soon as it loads (CSRF). */
function attackerSite(target: string, token: string): Promise<{ server: Server; url: string }> {
  const page = `<!doctype html><form id="f" method="post" action="${target}">
<input type="hidden" name="token" value="${token}"></form>
<script>document.getElementById("f").submit();</script>`;
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    response.end(page);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

/**
 * Sign-in to the dashboard in Debian's Chromium, against `duban start` listening on this
 * machine's network address (not loopback) with the try-out chat on (DUBAN_TRYOUT=1): the
 * dashboard refuses a browser that has not signed in; Olivia, a leader, sends /dashboard in
 * the web chat and follows the link; the link, once used, signs nobody in; another site's
 * form posting a fresh link is refused and leaves the link usable; sign-out ends the session.
 */
describe.skipIf(skip)("dashboard sign-in in a browser, off loopback", () => {
  const root = mkdtempSync(join(tmpdir(), "duban-e2e-sign-in-"));
  let duban: DubanProcess;
  let url: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!ADDRESS) throw new Error("this machine has no non-loopback IPv4 address");
    mkdirSync(ARTIFACTS, { recursive: true });
    duban = spawnDuban(["start"], {
      DATA_DIR: join(root, "data"),
      PORT: "0",
      HOST: ADDRESS,
      DUBAN_TRYOUT: "1",
      DUBAN_LOCALE: "en",
    });
    url = await duban.httpUrl(60_000);
    await duban.waitFor(/^duban is ready/, 60_000);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await killAllDubans();
    rmSync(root, { recursive: true, force: true });
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => pageErrors.push(`pageerror: ${error.message}`));
    return page;
  }

  /** Olivia asks the bot for a link in the web chat; resolves with its address. */
  async function askForLink(chat: Page, count: number): Promise<string> {
    const box = chat.getByRole("textbox", { name: "Message" });
    await box.fill("/dashboard");
    await box.press("Enter");
    const links = chat.locator('.message.bot a[href*="/dashboard/sign-in/"]');
    await expect.poll(() => links.count(), { timeout: 30_000 }).toBe(count);
    const href = await links.nth(count - 1).getAttribute("href");
    expect(href?.startsWith(`${url}/dashboard/sign-in/`), String(href)).toBe(true);
    return href ?? "";
  }

  it("refuses the dashboard without sign-in, then signs Olivia in once with her link", async () => {
    const stranger = await newPage();
    const refused = await stranger.goto(`${url}/dashboard`);
    expect(refused?.status()).toBe(401);
    await stranger.getByText("Send /dashboard to duban in a private chat").waitFor();
    expect((await stranger.goto(`${url}/dashboard/c/product-2027`))?.status()).toBe(401);
    await stranger.screenshot({ path: join(ARTIFACTS, "dashboard-sign-in-needed.png") });

    const chat = await newPage();
    await chat.goto(`${url}/`);
    await chat.getByRole("button", { name: /Olivia Bennett/ }).click();
    await chat.locator(".chat-header", { hasText: "Olivia Bennett" }).waitFor();
    const link = await askForLink(chat, 1);
    await chat.locator(".message.bot", { hasText: "works once, within 15 minutes" }).waitFor();
    await chat.screenshot({ path: join(ARTIFACTS, "dashboard-sign-in-link.png") });

    // Following the link asks first: opening it spends nothing.
    const dashboard = await newPage();
    expect((await dashboard.goto(link))?.status()).toBe(200);
    await dashboard.getByText("This link signs you in as Olivia Bennett").waitFor();
    await dashboard.screenshot({ path: join(ARTIFACTS, "dashboard-sign-in-confirm.png") });
    await dashboard.getByRole("button", { name: "Sign in" }).click();
    await dashboard.getByRole("heading", { name: "Product goals 2027", level: 1 }).waitFor();
    expect(new URL(dashboard.url()).pathname).toBe("/dashboard/c/product-2027");
    await dashboard.getByText("Signed in as Olivia Bennett").waitFor();
    const [cookie] = await dashboard.context().cookies();
    expect(cookie).toMatchObject({
      name: "duban_dashboard",
      path: "/dashboard",
      httpOnly: true,
      sameSite: "Lax",
      secure: false,
    });
    await dashboard.screenshot({ path: join(ARTIFACTS, "dashboard-signed-in.png") });

    // The same link in another browser: used, no session.
    const other = await newPage();
    expect((await other.goto(link))?.status()).toBe(403);
    await other.getByText("This link has already been used").waitFor();
    expect((await other.goto(`${url}/dashboard`))?.status()).toBe(401);

    // Another site's page posting a fresh link: refused, and the link still works here.
    const fresh = await askForLink(chat, 2);
    const token = fresh.slice(fresh.lastIndexOf("/") + 1);
    const attacker = await attackerSite(`${url}/dashboard/sign-in`, token);
    try {
      const victim = await newPage();
      const posted = victim.waitForResponse(
        (response) => response.url() === `${url}/dashboard/sign-in`,
      );
      await victim.goto(attacker.url);
      expect((await posted).status()).toBe(403);
      await victim.getByText("This request did not come from duban").waitFor();
      expect(await victim.context().cookies()).toEqual([]);
      await victim.goto(fresh);
      await victim.getByRole("button", { name: "Sign in" }).click();
      await victim.getByText("Signed in as Olivia Bennett").waitFor();
    } finally {
      attacker.server.close();
    }

    // Sign-out ends the session.
    await dashboard.getByRole("button", { name: "Sign out" }).click();
    await dashboard.getByText("You have signed out").waitFor();
    expect((await dashboard.goto(`${url}/dashboard`))?.status()).toBe(401);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
