import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`, as `.ci/run` does); nothing is downloaded. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Whether the browser tests of `suite` must be skipped: only outside CI when Debian's
 * Chromium is missing, with a notice saying so. Under `CI` they always run (and fail loudly
 * at launch when the browser is missing).
 */
export function skipWithoutBrowser(suite: string): boolean {
  const skip = !existsSync(CHROMIUM_PATH) && !process.env.CI;
  if (skip) {
    console.warn(
      `${suite}: ${CHROMIUM_PATH} is missing and CI is not set: the browser test is skipped. ` +
        "Install Debian's chromium package as .ci/run does to run it.",
    );
  }
  return skip;
}

/** Launches Debian's Chromium headless (`--no-sandbox`: tests may run as root in a container). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
}

/**
 * A page in a fresh browser context that records into `errors` what a user would see go
 * wrong: script errors, console errors (CSP violations among them) and failed requests by
 * method and URL (the console only says "Failed to load resource"). A 401 from the try-out
 * chat's session check is expected: it is how the page learns that nobody is chosen yet.
 */
export async function openRecordingPage(
  browser: Browser,
  errors: string[],
  options: { width: number; height: number; locale: string },
): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height },
    locale: options.locale,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("response", (response) => {
    const expected = response.status() === 401 && response.url().endsWith("/tryout/api/session");
    if (response.status() >= 400 && !expected) {
      errors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      errors.push(`console: ${message.text()}`);
    }
  });
  return page;
}
