/**
 * `duban start` against a fake Slack, for end-to-end tests: the fake Web API with a workspace's
 * users and channels, duban spawned with the variables that put it on that Slack (over HTTP
 * with a signing secret, or in Socket Mode with the app-level token), the sender that plays
 * Slack for the same transport, and the waits the tests make on what the bot posts.
 *
 * @example
 * const onSlack = new DubanOnSlack(PRODUCT_WORKSPACE);
 * beforeAll(async () => {
 *   api = await onSlack.startApi();
 *   ({ bot, slack } = await onSlack.startOverHttp({ env: { DUBAN_SIMULATED_CLOCK: clock } }));
 * });
 * afterAll(() => onSlack.close());
 * it("answers", async () => {
 *   const answer = onSlack.nextDmTo(TOM, has("Grow self-serve sign-ups"));
 *   await slack.dm(TOM, "mytasks");
 *   await answer;
 * });
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DubanEnv, type DubanProcess, killAllDubans, spawnDuban } from "../run-duban.js";
import {
  type FakeSlackApi,
  type FakeSlackApiOptions,
  type FakeSlackMessage,
  startFakeSlackApi,
} from "./fake-slack-api.js";
import {
  createSlackSender,
  createSocketModeSender,
  type SlackSender,
  type SocketModeSender,
} from "./slack-client.js";

/** Slack's two ways to reach the app: signed requests to a Request URL, or a WebSocket. */
export type SlackTransportKind = "http" | "socket-mode";

export const TOM = "U01TOMF444";
export const OLIVIA = "U01OLIVIA1";
export const AISHA = "U01AISHA55";
export const LEADS = "C04PRODLEAD";

/** The Slack accounts of the product campaign's owners (PRODUCT_EXAMPLE) and its leads' channel. */
export const PRODUCT_WORKSPACE = {
  users: [
    { id: TOM, name: "tom", email: "tom@northwind.example" },
    { id: OLIVIA, name: "olivia" },
    { id: "U01JAMES22", name: "james" },
    { id: "U01PRIYA33", name: "priya", email: "priya@northwind.example" },
    { id: AISHA, name: "aisha" },
    { id: "U01LUCAS66", name: "lucas" },
    { id: "U01MEILI77", name: "mei" },
  ],
  channels: [{ id: LEADS, name: "product-leads", members: [OLIVIA, "U01JAMES22"] }],
} satisfies FakeSlackApiOptions;

const SIGNING_SECRET = "duban-e2e-signing-secret";
const WAIT_MS = 20_000;

export interface StartOptions {
  /** Set on top of the Slack variables; DATA_DIR is `dataDir` unless given here. */
  env?: DubanEnv;
  /** How long to wait for "duban is ready" (45 s unless given). */
  readyTimeoutMs?: number;
}

export interface WaitOptions {
  /** 20 s unless given. */
  timeoutMs?: number;
  /** What the failure says; "timed out waiting" unless given. */
  failure?: () => string;
}

/** Polls until `find` gives something (or fails after `timeoutMs`). */
export async function waitUntil<T>(
  find: () => T | undefined,
  options: WaitOptions = {},
): Promise<T> {
  const until = Date.now() + (options.timeoutMs ?? WAIT_MS);
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(options.failure?.() ?? "timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Matches a message whose text contains `text`. */
export const has = (text: string) => (message: FakeSlackMessage) => message.text.includes(text);

/**
 * One test file's Slack side: a temporary data directory for duban, the fake Web API (started
 * by `startApi`), and each `duban start` spawned on it; `close` ends all three.
 */
export class DubanOnSlack {
  /** duban's DATA_DIR, in a temporary folder that `close` removes. */
  readonly dataDir: string;
  private readonly dir: string;
  private fake: FakeSlackApi | undefined;

  constructor(private readonly workspace: FakeSlackApiOptions) {
    this.dir = mkdtempSync(join(tmpdir(), "duban-slack-"));
    this.dataDir = join(this.dir, "data");
  }

  /** The fake Web API; throws before `startApi`. */
  get api(): FakeSlackApi {
    if (!this.fake) throw new Error("the fake Slack is not started: call startApi first");
    return this.fake;
  }

  async startApi(): Promise<FakeSlackApi> {
    this.fake = await startFakeSlackApi(this.workspace);
    return this.fake;
  }

  /** The variables that put `duban start` on this Slack and nothing else, on any free port. */
  startEnv(transport: SlackTransportKind): DubanEnv {
    const api = this.api;
    return {
      PORT: "0",
      SLACK_BOT_TOKEN: api.botToken,
      SLACK_API_URL: api.url,
      ...(transport === "http"
        ? { SLACK_SIGNING_SECRET: SIGNING_SECRET }
        : { SLACK_APP_TOKEN: api.appToken }),
    };
  }

  /**
   * Spawns `duban start` on this Slack over HTTP and waits until it is ready; `slack` posts
   * signed to its /slack/events.
   */
  async startOverHttp(
    options: StartOptions = {},
  ): Promise<{ bot: DubanProcess; slack: SlackSender }> {
    const bot = await this.spawn("http", options);
    const appUrl = `${await bot.httpUrl()}/slack/events`;
    return {
      bot,
      slack: createSlackSender({ appUrl, signingSecret: SIGNING_SECRET, api: this.api }),
    };
  }

  /** As `startOverHttp`, in Socket Mode; `slack` pushes envelopes on duban's WebSocket. */
  async startInSocketMode(
    options: StartOptions = {},
  ): Promise<{ bot: DubanProcess; slack: SocketModeSender }> {
    const bot = await this.spawn("socket-mode", options);
    return { bot, slack: createSocketModeSender({ api: this.api }) };
  }

  /** The next message the bot posts to `user`'s DM after what is there now that matches. */
  nextDmTo(user: string, match: (message: FakeSlackMessage) => boolean): Promise<FakeSlackMessage> {
    const api = this.api;
    const dm = api.dmChannelOf(user);
    const seen = new Set(api.messages(dm).map((message) => message.ts));
    return waitUntil(() =>
      api.messages(dm).find((message) => !seen.has(message.ts) && match(message)),
    );
  }

  /** Kills every duban this file spawned, closes the fake and removes the data directory. */
  async close(): Promise<void> {
    await killAllDubans();
    await this.fake?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async spawn(transport: SlackTransportKind, options: StartOptions): Promise<DubanProcess> {
    const bot = spawnDuban(["start"], {
      ...this.startEnv(transport),
      DATA_DIR: this.dataDir,
      ...options.env,
    });
    await bot.waitFor(/duban is ready/, options.readyTimeoutMs);
    return bot;
  }
}
