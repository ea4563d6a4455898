import { z } from "zod";
import { type DatabaseTarget, databaseTargetFrom } from "./db/database-target.js";
import { tryoutMode } from "./platforms/web/tryout-mode.js";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const ISO_INSTANT = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})`;
const SIMULATED_CLOCK = new RegExp(`^${ISO_INSTANT}@\\d+(?:\\.\\d+)?(?:@${ISO_INSTANT})?$`);

/** The environment duban reads; every variable is optional (see .env.example). */
export const ZEnvironment = z.object({
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATA_DIR: optionalText,
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText,
  // Socket Mode takes only an app-level token; with the bot token apps.connections.open
  // answers not_allowed_token_type, which the socket client retries for ever.
  SLACK_APP_TOKEN: optionalText.pipe(
    z
      .string()
      .startsWith("xapp-", "must be an app-level token (xapp-…), not the bot token")
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url().optional()),
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, "must be a port number")
      .transform(Number)
      .refine((port) => port <= 65535, "must be at most 65535")
      .optional(),
  ),
  HOST: optionalText,
  /**
   * The address people reach duban at (`https://duban.example.org`), for the dashboard's
   * sign-in links; set behind a proxy. Then every dashboard viewer signs in.
   */
  DUBAN_PUBLIC_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, message: "must be an http:// or https:// address" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  ),
  DUBAN_LOCALE: optionalText,
  /** `1`: the try-out chat also beyond loopback; `0`: never (see `tryoutMode`). */
  DUBAN_TRYOUT: optionalText.pipe(z.enum(["0", "1"]).optional()),
  /**
   * For trials and tests only: "<ISO instant>@<minutes per second>[@<real ISO instant>]" runs
   * the whole bot on a simulated clock that shows that instant at the real one (default: at
   * start) and runs that much faster; instances given the same value share one clock.
   */
  DUBAN_SIMULATED_CLOCK: optionalText.pipe(
    z
      .string()
      .regex(SIMULATED_CLOCK, "must be <ISO instant>@<minutes per second>[@<real ISO instant>]")
      .optional(),
  ),
});

export type Environment = z.infer<typeof ZEnvironment>;

/** Settings after defaults. */
export interface Config {
  database: DatabaseTarget;
  /** `publicUrl`: DUBAN_PUBLIC_URL, without a trailing slash. */
  http: { port: number; host: string; publicUrl?: string };
  telegram?: { token: string; apiRoot?: string; webhookUrl?: string; webhookSecret?: string };
  slack?: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string };
  /**
   * The try-out chat: on with no platform token when duban listens on loopback, or with
   * DUBAN_TRYOUT=1; `loopbackOnly` when loopback is what turned it on.
   */
  tryout?: { loopbackOnly: boolean };
  /** A simulated clock (DUBAN_SIMULATED_CLOCK): what it shows when, how fast it runs. */
  simulatedClock?: { start: Date; minutesPerSecond: number; realStart?: Date };
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(issues.map((issue) => `${issue.variable}: ${issue.message}`).join("; "));
    this.name = "ConfigError";
  }
}

/** Parses the environment into a `Config`, or throws a `ConfigError` naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnvironment.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const config: Config = {
    database: databaseTargetFrom(e),
    http: {
      port: e.PORT ?? 3000,
      host: e.HOST ?? "127.0.0.1",
      ...(e.DUBAN_PUBLIC_URL ? { publicUrl: e.DUBAN_PUBLIC_URL } : {}),
    },
  };
  if (e.DUBAN_SIMULATED_CLOCK) {
    const [start = "", rate = "", realStart] = e.DUBAN_SIMULATED_CLOCK.split("@");
    config.simulatedClock = {
      start: new Date(start),
      minutesPerSecond: Number(rate),
      ...(realStart ? { realStart: new Date(realStart) } : {}),
    };
  }
  if (e.TELEGRAM_BOT_TOKEN) {
    config.telegram = {
      token: e.TELEGRAM_BOT_TOKEN,
      ...(e.TELEGRAM_API_ROOT ? { apiRoot: e.TELEGRAM_API_ROOT } : {}),
      ...(e.TELEGRAM_WEBHOOK_URL ? { webhookUrl: e.TELEGRAM_WEBHOOK_URL } : {}),
      ...(e.TELEGRAM_WEBHOOK_SECRET ? { webhookSecret: e.TELEGRAM_WEBHOOK_SECRET } : {}),
    };
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    throw new ConfigError([
      {
        variable: "SLACK_SIGNING_SECRET",
        message:
          "Slack needs SLACK_SIGNING_SECRET (events over HTTP at /slack/events) or SLACK_APP_TOKEN (Socket Mode)",
      },
    ]);
  }
  if (e.SLACK_BOT_TOKEN) {
    config.slack = {
      botToken: e.SLACK_BOT_TOKEN,
      ...(e.SLACK_APP_TOKEN ? { appToken: e.SLACK_APP_TOKEN } : {}),
      ...(e.SLACK_SIGNING_SECRET ? { signingSecret: e.SLACK_SIGNING_SECRET } : {}),
      ...(e.SLACK_API_URL ? { apiUrl: e.SLACK_API_URL } : {}),
    };
  }
  const tryout = tryoutMode({
    tokens: Boolean(e.TELEGRAM_BOT_TOKEN || e.SLACK_BOT_TOKEN),
    host: config.http.host,
    ...(e.DUBAN_TRYOUT ? { setting: e.DUBAN_TRYOUT } : {}),
  });
  if (tryout) config.tryout = tryout;
  return config;
}
