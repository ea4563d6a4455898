import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf, quarterOfWeek, zonedParts } from "../../src/domain/periods.js";
import { launchBrowser, openRecordingPage, skipWithoutBrowser } from "../support/browser.js";
import { type DubanProcess, killAllDubans, spawnDuban } from "../support/run-duban.js";

const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");
/** The quarter of this week in London: the try-out moves the example's dates to this year. */
const QUARTER = quarterOfWeek(isoWeekOf(zonedParts(new Date(), "Europe/London").date));
const skip = skipWithoutBrowser("dashboard");

async function botSays(page: Page, text: RegExp) {
  const message = page.locator(".message.bot", { hasText: text }).last();
  await message.waitFor();
  return message;
}

async function type(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
  await page.locator(".message.person", { hasText: text }).last().waitFor();
}

async function tap(page: Page, card: RegExp, label: string | RegExp) {
  const message = await botSays(page, card);
  await message.getByRole("button", { name: label }).click();
  await message.locator(".chosen").waitFor();
}

/**
 * The leaders' dashboard in Debian's Chromium, against `duban start` in try-out mode (no token,
 * the English example): Tom reports task 1 in the web chat, then this machine's user (a
 * loopback request) opens /dashboard and sees the report in the lights and charts, previews
 * the circular and downloads its Word file, and reads the page at phone width in Chinese.
 */
describe.skipIf(skip)("the leaders' dashboard in a browser", () => {
  const root = mkdtempSync(join(tmpdir(), "duban-e2e-dashboard-"));
  let duban: DubanProcess;
  let url: string;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    duban = spawnDuban(["start"], {
      DATA_DIR: join(root, "data"),
      PORT: "0",
      DUBAN_LOCALE: "en",
      DUBAN_TRYOUT: undefined,
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

  /** A page recording script errors, CSP violations and failed requests. */
  async function openPage(options: { width: number; height: number; locale: string }) {
    const page = await openRecordingPage(browser, pageErrors, options);
    return page;
  }

  it("shows Tom's report from the web chat on the dashboard, with the circular's preview and Word file", async () => {
    const chat = await openPage({ width: 1100, height: 820, locale: "en-US" });
    await chat.goto(`${url}/`);
    await chat.getByRole("button", { name: /Tom Fletcher/ }).click();
    await chat.locator(".chat-header", { hasText: "Tom Fletcher" }).waitFor();
    await type(chat, "/report");
    await botSays(chat, /Task 1, “Grow self-serve sign-ups”: what did you do this week\?/);
    await type(chat, "Launched the referral page");
    await tap(chat, /Got item 1/, "Done");
    await botSays(chat, /what is the figure for “New sign-ups”\?/);
    await type(chat, "420");
    await botSays(chat, /what is the figure for “Activation rate”\?/);
    await type(chat, "38");
    await tap(chat, /How is “Grow self-serve sign-ups” going\?/, "On track");
    await tap(chat, /Any problems or difficulties/, "None");
    await botSays(chat, /What are the next steps for “Grow self-serve sign-ups”\?/);
    await type(chat, "Run the A/B test");
    await tap(chat, /Please check task 1/, /Submit/);
    await botSays(chat, /Submitted task 1, “Grow self-serve sign-ups”/);
    await chat.context().close();

    const page = await openPage({ width: 1280, height: 900, locale: "en-US" });
    const response = await page.goto(`${url}/dashboard`);
    expect(response?.status()).toBe(200);
    // The only campaign: straight to it.
    expect(new URL(page.url()).pathname).toBe("/dashboard/c/product-2027");
    await page.getByRole("heading", { name: "Product goals 2027", level: 1 }).waitFor();
    const task1 = page.locator("li.task", { hasText: "1. Grow self-serve sign-ups" });
    await expect(task1.textContent()).resolves.toMatch(/1\/1 reported this week/);
    expect(await task1.getAttribute("class")).toMatch(/light-(green|yellow|red)/);
    const charts = page.locator("figure.chart img");
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    // Every chart decoded and drew (an image the browser refused has no natural width).
    for (const width of await charts.evaluateAll((images) =>
      images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    )) {
      expect(width).toBeGreaterThan(0);
    }
    await page.getByText("1. New sign-ups: 420 (target 12000)").first().waitFor();
    await page.getByText("1. Activation rate: 38% (target 45%)").first().waitFor();
    await page.getByRole("heading", { name: /Not reported yet/ }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-campaign.png"), fullPage: true });

    await page.getByRole("link", { name: `Preview the ${QUARTER} circular` }).click();
    await page.getByRole("heading", { name: `Circular ${QUARTER}, preview` }).waitFor();
    await page.locator("article.document", { hasText: "Grow self-serve sign-ups" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-circular.png"), fullPage: true });
    const link = page.getByRole("link", { name: `Download the ${QUARTER} circular (Word)` });
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(`product-2027-${QUARTER}-preview.docx`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");

    await page.goto(`${url}/dashboard/c/product-2027/digests`);
    await page.getByRole("heading", { name: "Digest history", level: 1 }).waitFor();

    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it("fits a phone, in Chinese with ?lang=zh-CN", async () => {
    const page = await openPage({ width: 375, height: 740, locale: "zh-CN" });
    await page.goto(`${url}/dashboard?lang=zh-CN`);
    await page.getByRole("heading", { name: "任务总览" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    // Nothing wider than the phone: no sideways scrolling, charts scaled to the column.
    expect(await page.locator("html").evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    const chart = await page.locator("figure.chart img").first().boundingBox();
    expect(chart?.width ?? 0).toBeLessThanOrEqual(375);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-phone.png"), fullPage: true });
    await page.getByRole("link", { name: "English" }).click();
    await page.getByRole("heading", { name: "Tasks at a glance" }).waitFor();

    expect(pageErrors).toEqual([]);
    await page.context().close();
    const exit = await duban.stop("SIGTERM");
    expect(exit, duban.output).toEqual({ code: 0, signal: null });
  }, 120_000);
});
