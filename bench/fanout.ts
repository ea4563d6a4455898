/**
 * Fan-out benchmark: N proactive messages to N distinct chats (a weekly prompt to every staff
 * member) against a loopback Telegram Bot API that refuses more than L messages in any second
 * with 429 and `retry_after`, as Telegram does; through duban's outbox (the real dispatcher and
 * TelegramGateway, global limit set to L) and through the loop a grammY user would write
 * (`for … await bot.api.sendMessage` with @grammyjs/auto-retry).
 *
 *   npm run bench:fanout [-- --messages N] [--limit L] [--database pglite|postgres]
 *
 * Prints, per side: wall time against the floor N / L, 429s received, duplicates and losses.
 * Telegram is never contacted.
 */
import { cpus } from "node:os";
import { startRateLimitedBotApi } from "../tests/support/rate-limited-bot-api.js";
import { postgresUnreachable } from "../tests/support/scratch-postgres.js";
import { runBaselineFanout } from "./fanout/baseline-fanout.js";
import { fanoutText, runDubanFanout } from "./fanout/duban-fanout.js";
import type { FanoutResult } from "./fanout/fanout-figures.js";

interface Options {
  messages: number;
  limit: number;
  database: "pglite" | "postgres";
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index >= 0) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const count = (name: string, fallback: number): number => {
    const raw = value(name);
    const parsed = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(parsed) || parsed < 1) {
      throw new Error(`--${name} must be a whole number ≥ 1, not ${JSON.stringify(raw)}`);
    }
    return parsed;
  };
  const database = value("database") ?? "pglite";
  if (database !== "pglite" && database !== "postgres") {
    throw new Error("--database must be pglite or postgres");
  }
  return { messages: count("messages", 10_000), limit: count("limit", 300), database };
}

function printTable(results: FanoutResult[], options: Options): void {
  const floor = options.messages / options.limit;
  const header = [
    "side",
    "wall s",
    "floor s",
    "wall/floor",
    "429s",
    "duplicates",
    "lost",
    "busiest s",
    "notes",
  ];
  const rows = results.map((r) => [
    r.side === "duban"
      ? `duban outbox (${options.database === "pglite" ? "PGlite" : "PostgreSQL"})`
      : "for…await sendMessage + auto-retry",
    (r.wallMs / 1000).toFixed(2),
    floor.toFixed(2),
    (r.wallMs / 1000 / floor).toFixed(3),
    String(r.tooManyRequests),
    String(r.duplicates),
    String(r.lost),
    String(r.busiestSecond),
    r.notes,
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1
          ? cell.padEnd(widths[i] ?? 0)
          : cell.padStart(widths[i] ?? 0),
      )
      .join("  ")
      .trimEnd();
  console.log();
  console.log(line(header));
  console.log(line(widths.map((width) => "-".repeat(width))));
  for (const row of rows) console.log(line(row));
  console.log();
  console.log(
    `wall = first send started → last message accepted; floor = ${options.messages} / ${options.limit} per s; ` +
      "busiest s = most messages accepted within one second (the fake refuses past the limit).",
  );
}

async function main(options: Options): Promise<void> {
  const cpu = cpus();
  console.log(
    "fan-out bench: one message to each of N chats against a rate-limited loopback Bot API",
  );
  console.log(`node ${process.version}, ${cpu.length} CPU(s) ${cpu[0]?.model.trim() ?? ""}`);
  console.log(
    `messages ${options.messages}, limit ${options.limit}/s, database ${options.database}`,
  );
  if (options.database === "postgres") {
    const unreachable = await postgresUnreachable();
    if (unreachable) throw new Error(`PostgreSQL is unreachable (${unreachable})`);
  }
  const results: FanoutResult[] = [];
  for (const side of ["duban", "baseline"] as const) {
    process.stdout.write(`${side} … `);
    const telegram = await startRateLimitedBotApi({ perSecond: options.limit });
    try {
      const result =
        side === "duban"
          ? await runDubanFanout({ ...options, telegram })
          : await runBaselineFanout({ messages: options.messages, telegram, text: fanoutText });
      results.push(result);
      console.log(`${(result.wallMs / 1000).toFixed(1)} s`);
    } finally {
      await telegram.close();
    }
  }
  printTable(results, options);
}

try {
  await main(parseOptions(process.argv.slice(2)));
} catch (error: unknown) {
  console.error(
    `\nbench:fanout aborted: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
