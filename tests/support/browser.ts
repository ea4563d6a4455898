import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

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
