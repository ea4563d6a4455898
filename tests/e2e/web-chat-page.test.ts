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
const skip = skipWithoutBrowser("web-chat-page");

/** The bot's message whose text matches, once it is on the page. */
async function botSays(page: Page, text: RegExp) {
  const message = page.locator(".message.bot", { hasText: text }).last();
  await message.waitFor();
  return message;
}

/** Types into the text box and sends with Enter, as a person would. */
async function type(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: /Message|消息/ });
  await box.fill(text);
  await box.press("Enter");
  await page.locator(".message.person", { hasText: text }).last().waitFor();
}

/** Taps a button under the bot message matching `card`; waits until the card shows the choice. */
async function tap(page: Page, card: RegExp, label: string | RegExp) {
  const message = await botSays(page, card);
  await message.getByRole("button", { name: label }).click();
  await message.locator(".chosen").waitFor();
  return message;
}

/**
 * The try-out chat page in Debian's Chromium, against `duban start` with no token on an empty
 * data directory (so the English example campaign is loaded): Tom reports a task by typing and
 * tapping, Olivia downloads the quarter's circular, and the page works at phone width (there
 * in Chinese, as Mei Lin, from a browser asking for zh-CN).
 */
describe.skipIf(skip)("the try-out chat page in a browser", () => {
  const root = mkdtempSync(join(tmpdir(), "duban-e2e-page-"));
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
    await page.goto(`${url}/`);
    return page;
  }

  it("takes Tom's report of one task by typing and tapping, then Olivia's circular as a DOCX", async () => {
    const page = await openPage({ width: 1100, height: 820, locale: "en-US" });
    await page.getByRole("heading", { name: "Who are you today?" }).waitFor();
    const tom = page.getByRole("button", { name: /Tom Fletcher/ });
    await expect(tom.textContent()).resolves.toMatch(/Tom Fletcher.*Growth PM · Product.*Staff/);
    const olivia = page.getByRole("button", { name: /Olivia Bennett/ });
    await expect(olivia.textContent()).resolves.toMatch(/VP Product · Northwind Labs.*Leader/);
    await page.screenshot({ path: join(ARTIFACTS, "web-chat-picker.png") });

    await tom.click();
    await page.locator(".chat-header", { hasText: "Tom Fletcher" }).waitFor();
    await page.getByText("Send /report to start this week's report.").waitFor();
    await type(page, "/report");
    await botSays(page, /Task 1, “Grow self-serve sign-ups”: what did you do this week\?/);
    await type(page, "Launched the referral page");
    const items = await tap(page, /Got item 1/, "Done");
    expect(await items.locator(".chosen").textContent()).toBe("✓ Chosen: Done");
    expect(await items.getByRole("button").count()).toBe(0);

    await botSays(page, /what is the figure for “New sign-ups”\?/);
    await type(page, "420");
    await botSays(page, /what is the figure for “Activation rate”\? Reply with a number, in %/);
    await type(page, "38");
    await tap(page, /How is “Grow self-serve sign-ups” going\?/, "On track");
    await tap(page, /Any problems or difficulties/, "None");
    await botSays(page, /What are the next steps for “Grow self-serve sign-ups”\?/);
    // Shift+Enter starts a new line in the box; Enter sends both lines as one message.
    const box = page.getByRole("textbox", { name: "Message" });
    await box.fill("Run the A/B test");
    await box.press("Shift+Enter");
    await box.pressSequentially("Then roll out to all");
    expect(await box.inputValue()).toBe("Run the A/B test\nThen roll out to all");
    await box.press("Enter");
    await page.locator(".message.person", { hasText: "Then roll out to all" }).waitFor();
    expect(await box.inputValue()).toBe("");

    const review = await botSays(page, /Please check task 1/);
    expect(await review.textContent()).toMatch(/New sign-ups: 420.*Activation rate: 38%/s);
    await tap(page, /Please check task 1/, /Submit/);
    await botSays(page, /Submitted task 1, “Grow self-serve sign-ups”/);
    await page.screenshot({ path: join(ARTIFACTS, "web-chat-report.png") });

    // A leader: switch person, ask for the quarter's circular and download its Word file.
    await page.getByRole("button", { name: "Switch person" }).click();
    await page.getByRole("button", { name: /Olivia Bennett/ }).click();
    await page.locator(".chat-header", { hasText: "Olivia Bennett" }).waitFor();
    await type(page, `/circular ${QUARTER}`);
    const link = page.locator("a.file", { hasText: /\.docx/ });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(`product-2027-${QUARTER}-draft-1.docx`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    await botSays(page, new RegExp(`Draft 1 \\(${QUARTER}\\)`));

    expect(pageErrors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it("fits a phone: the picker in the browser's zh-CN, the chat in Mei's Chinese", async () => {
    const page = await openPage({ width: 375, height: 740, locale: "zh-CN" });
    await page.getByRole("heading", { name: "今天以谁的身份试用？" }).waitFor();
    await page.getByRole("button", { name: /Mei Lin/ }).click();
    await page.locator(".chat-header", { hasText: "Mei Lin" }).waitFor();
    await page.getByRole("button", { name: "切换人员" }).waitFor();
    await type(page, "/report");
    await botSays(page, /本周做了哪些工作/);
    await type(page, "完成了原型的第二轮访谈");
    const card = await botSays(page, /已记录第1条/);
    const done = card.getByRole("button", { name: "完成" });

    const box = page.getByRole("textbox", { name: "消息" });
    const send = page.getByRole("button", { name: "发送" });
    for (const [what, locator] of [
      ["text box", box],
      ["send button", send],
      ["done button", done],
    ] as const) {
      expect(await locator.isVisible(), what).toBe(true);
      const box = await locator.boundingBox();
      expect(box, what).not.toBeNull();
      if (box) {
        expect(box.x, what).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, what).toBeLessThanOrEqual(375);
        expect(box.y + box.height, what).toBeLessThanOrEqual(740);
      }
    }
    // Nothing wider than the phone: no sideways scrolling.
    expect(await page.locator("html").evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await page.screenshot({ path: join(ARTIFACTS, "web-chat-phone.png") });

    expect(pageErrors).toEqual([]);
    await page.context().close();
    const exit = await duban.stop("SIGTERM");
    expect(exit, duban.output).toEqual({ code: 0, signal: null });
  }, 120_000);
});
