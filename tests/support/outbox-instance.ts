/**
 * One duban outbox instance in a process of its own, as `duban start` wires it on PostgreSQL:
 * the Telegram adapter's `bot.api` (auto-retry included), a TelegramGateway, the advisory
 * lock election on a connection of its own, the dispatcher. Settings come from the
 * environment (OUTBOX_*). It logs JSON lines to standard output and stops on SIGTERM.
 *
 *   node --import tsx tests/support/outbox-instance.ts
 */
import { pino } from "pino";
import { openDatabase } from "../../src/db/open-database.js";
import { createAdvisoryLockElection } from "../../src/outbox/advisory-lock-election.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { createTelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";

const env = (name: string, fallback?: string): string => {
  const value = process.env[`OUTBOX_${name}`] ?? fallback;
  if (value === undefined) throw new Error(`OUTBOX_${name} is not set`);
  return value;
};
const name = env("NAME");
const url = env("DATABASE_URL");
const logger = pino({ level: env("LOG_LEVEL", "info"), base: { instance: name } });

const database = await openDatabase({ target: { kind: "postgres", url }, migrate: false });
const telegram = createTelegramBot({
  token: `42:${name}`,
  apiRoot: env("API_ROOT"),
  handleIncoming: async () => {},
  logger,
});
const gateway = new TelegramGateway({
  api: telegram.bot.api,
  logger,
  limits: { perSecond: Number(env("PER_SECOND", "30")) },
  callTimeoutMs: Number(env("CALL_TIMEOUT_MS", "25000")),
});
const election = createAdvisoryLockElection({
  connectionString: url,
  logger,
  heartbeatMs: 500,
  applicationName: name,
});
const dispatcher = createOutboxDispatcher({
  prisma: database.prisma,
  gateways: [gateway],
  logger,
  election,
  leaseMs: Number(env("LEASE_MS", "60000")),
  electionMs: 250,
  sweepMs: 250,
});

process.once("SIGTERM", () => {
  void (async () => {
    await dispatcher.stop();
    await election.close();
    await database.close();
    logger.info("stopped");
    process.exit(0);
  })();
});
logger.info("started");
