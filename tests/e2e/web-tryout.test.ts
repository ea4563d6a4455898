import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killAllDubans, spawnDuban } from "../support/run-duban.js";
import { textOf, WebTryoutClient } from "../support/web-tryout-client.js";

/**
 * `duban start` with no token on an empty data directory: the example campaign is loaded and
 * the try-out chat is served. Tom (staff) does a step of his report through the HTTP API,
 * and the scheduler's weekly prompt reaches him there: for the try-out the example's week opens
 * on Monday at 09:00 (London), which the simulated clock shows 40 s after the spawn, at real
 * speed: time for the start, which comes first.
 */
describe("the try-out chat of `duban start` with no token", () => {
  const root = mkdtempSync(join(tmpdir(), "duban-e2e-tryout-"));
  afterAll(async () => {
    await killAllDubans();
    rmSync(root, { recursive: true, force: true });
  });

  it("loads the example, takes a report step over HTTP and shows the scheduler's prompt", async () => {
    const promptAt = new Date(Date.now() + 40_000).toISOString();
    const duban = spawnDuban(["start"], {
      DATA_DIR: join(root, "data"),
      PORT: "0",
      DUBAN_TRYOUT: undefined,
      DUBAN_SIMULATED_CLOCK: `2027-03-15T09:00:00Z@1@${promptAt}`,
    });
    const url = await duban.httpUrl(60_000);
    await duban.waitFor(/^duban is ready/, 60_000);
    expect(duban.output).toMatch(/loaded the example examples\/product-team\.yaml/);
    expect(duban.output).toMatch(/loaded campaign product-2027/);
    expect(duban.output).toContain(`Open ${url}/ in your browser`);
    expect(duban.output).toMatch(/npx duban campaign import <file>/);

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('src="/tryout/page/chat.js"');

    const tom = WebTryoutClient.forServer(url);
    expect((await tom.choose("tom")).status).toBe(200);
    expect((await tom.say("/report")).status).toBe(202);
    await tom.waitForBot(/what did you do this week/);
    expect((await tom.say("Launched the referral page")).status).toBe(202);
    await tom.waitForBot(/Got item 1/);
    const done = tom.buttonOf(/done/i);
    expect((await tom.press(done.messageId, done.data)).status).toBe(202);
    // The card is edited (its buttons gone, the choice shown) and the next question follows.
    await tom.until(() => {
      const card = tom.messages.get(done.messageId);
      return card?.body.kind === "text" && card.body.chosen === done.label ? card : undefined;
    }, "the answered card");
    await tom.until(
      () =>
        [...tom.messages.values()].find(
          (message) => message.direction === "bot" && BigInt(message.id) > BigInt(done.messageId),
        ),
      "the next question",
    );

    // The weekly prompt, sent by the scheduler through the outbox, lands in the web chat.
    const prompt = await tom.waitForBot(/Reporting for Product goals 2027 is open/, 40);
    expect(textOf(prompt)).toMatch(/^Hello Tom Fletcher!/);

    const exit = await duban.stop("SIGTERM");
    expect(exit, duban.output).toEqual({ code: 0, signal: null });
  }, 180_000);
});
