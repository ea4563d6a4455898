/**
 * Inbound benchmark: M simulated members each complete a whole weekly report (/report, two
 * progress items, "done", two metric answers, status button, problems, next steps, review
 * card, submit: 10 updates, 12 replies) through the real pipeline, on embedded PGlite and on
 * PostgreSQL; and the same conversation written the common way with grammY's conversations
 * plugin, as a baseline, on the same databases.
 *
 *   npm run bench:inbound [-- --members N] [--feed sequential|concurrent|both]
 *                         [--db pglite|postgres|both] [--pglite dir|memory] [--warmup N]
 *                         [--timeout-s S]   (how long one update may wait for its replies)
 *                         [--paced]         (duban's outbox keeps Telegram's sending limits)
 *                         [--list-sql]      (print every statement of each run, most frequent first)
 *
 * Each run is a fresh database and a fresh Node process (so RSS is the run's own). Telegram is
 * never contacted: the Bot API is answered in process and records what was sent. It prints
 * figures and never asserts thresholds; a conversation that goes wrong aborts the bench with
 * the member, the update and the last reply.
 */
import { fork } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import {
  ADMIN_URL,
  createPostgresDatabase,
  type PgliteStorage,
  pgliteTemplate,
  postgresUnreachable,
  type RunDatabase,
} from "./inbound/bench-database.js";
import type { FeedMode } from "./inbound/drive-members.js";
import { printResults, SIDE_LABELS } from "./inbound/print-results.js";
import { REPORT_SCRIPT } from "./inbound/report-script.js";
import { type RunResult, type RunSpec, runSide, type SideName } from "./inbound/run-side.js";

interface Options {
  members: number;
  warmup: number;
  feeds: FeedMode[];
  databases: ("pglite" | "postgres")[];
  pglite: PgliteStorage;
  replyTimeoutMs: number;
  paced: boolean;
  listSql: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    if (index >= 0) return argv[index + 1];
    return argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  };
  const count = (name: string, fallback: number, min: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new Error(`--${name} must be an integer ≥ ${min}, not ${JSON.stringify(raw)}`);
    }
    return parsed;
  };
  const choice = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name) ?? fallback;
    const found = allowed.find((option) => option === raw);
    if (!found) throw new Error(`--${name} must be one of ${allowed.join(", ")}`);
    return found;
  };
  const feed = choice("feed", ["sequential", "concurrent", "both"] as const, "both");
  const db = choice("db", ["pglite", "postgres", "both"] as const, "both");
  return {
    members: count("members", 20, 1),
    warmup: count("warmup", 2, 0),
    feeds: feed === "both" ? ["sequential", "concurrent"] : [feed],
    databases: db === "both" ? ["pglite", "postgres"] : [db],
    pglite: choice("pglite", ["dir", "memory"] as const, "dir"),
    replyTimeoutMs: count("timeout-s", 30, 1) * 1000,
    paced: argv.includes("--paced"),
    listSql: argv.includes("--list-sql"),
  };
}

/** Runs one measurement in a child process of its own and returns what it measured. */
function runInWorker(spec: RunSpec): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--worker", JSON.stringify(spec)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let answer: { ok: true; result: RunResult } | { ok: false; error: string } | undefined;
    child.on("message", (message) => {
      answer = message as typeof answer;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (answer?.ok) return resolve(answer.result);
      if (answer) return reject(new Error(answer.error));
      reject(new Error(`the worker ended with ${signal ?? `code ${code}`} before reporting`));
    });
  });
}

async function worker(raw: string): Promise<void> {
  const spec = JSON.parse(raw) as RunSpec;
  let answer: { ok: true; result: RunResult } | { ok: false; error: string };
  try {
    answer = { ok: true, result: await runSide(spec) };
  } catch (error: unknown) {
    const text =
      error instanceof Error
        ? error.name === "BenchAbort"
          ? error.message
          : (error.stack ?? error.message)
        : String(error);
    answer = { ok: false, error: text };
  }
  const send = process.send?.bind(process);
  if (send) await new Promise<void>((resolve) => send(answer, () => resolve()));
  else console.log(JSON.stringify(answer)); // run by hand, without a parent
  process.exit(answer.ok ? 0 : 1);
}

async function main(options: Options): Promise<void> {
  const updatesPerMember = REPORT_SCRIPT.length;
  const taps = REPORT_SCRIPT.filter((step) => step.input.kind === "tap").length;
  const replies = REPORT_SCRIPT.reduce((sum, step) => sum + step.replies, 0);
  const cpu = cpus();
  console.log("inbound bench: whole weekly reports through grammY's handleUpdate");
  console.log(
    `node ${process.version}, ${process.platform} ${process.arch}, ${cpu.length} CPU(s) ${cpu[0]?.model.trim() ?? ""}`,
  );
  console.log(
    `members ${options.members} (+${options.warmup} warm-up each run, not counted), ` +
      `${updatesPerMember} updates per member (${taps} button taps), ${replies} replies per member, ` +
      `${options.members * updatesPerMember} measured updates per run`,
  );
  console.log(
    `databases: ${options.databases
      .map((db) =>
        db === "pglite"
          ? `PGlite (${options.pglite === "dir" ? "file-backed, a fresh temp dir" : "in memory"} per run, loaded from a migrated template)`
          : `PostgreSQL at ${new URL(ADMIN_URL).host} (a fresh database per run)`,
      )
      .join("; ")}`,
  );
  console.log(
    `feeds: ${options.feeds
      .map((feed) =>
        feed === "sequential"
          ? "sequential = one handleUpdate at a time in arrival order, as grammY's long polling (bot.start) does"
          : "concurrent = each member's next update handed over when ready, up to M in flight (webhook mode / grammY runner)",
      )
      .join("; ")}`,
  );
  console.log(
    "each member sends its next update once all replies to the previous one were sent and grammY finished it",
  );
  console.log(
    options.paced
      ? "duban's outbox paces sends to Telegram's limits (30/s overall, 3 then 1/s per chat); the baseline sends unpaced"
      : "neither side paces sends (the fake Bot API enforces no limits; --paced keeps Telegram's in duban's outbox)",
  );
  console.log();

  const databases = [...options.databases];
  if (databases.includes("postgres")) {
    const unreachable = await postgresUnreachable();
    if (unreachable) {
      console.log(`PostgreSQL at ${ADMIN_URL} is unreachable (${unreachable}); PGlite only.`);
      databases.splice(databases.indexOf("postgres"), 1);
    }
  }
  const template = databases.includes("pglite") ? await pgliteTemplate() : "";

  const results: RunResult[] = [];
  const sides: SideName[] = ["duban", "plugin"];
  for (const feed of options.feeds) {
    for (const kind of databases) {
      for (const side of sides) {
        const label = `${kind} · ${feed} · ${SIDE_LABELS[side]}`;
        process.stdout.write(`${label} … `);
        const postgres = kind === "postgres" ? await createPostgresDatabase() : undefined;
        const db: RunDatabase = postgres
          ? { kind: "postgres", url: postgres.url }
          : { kind: "pglite", template, storage: options.pglite };
        const started = performance.now();
        try {
          const result = await runInWorker({
            side,
            db,
            mode: feed,
            members: options.members,
            warmupMembers: options.warmup,
            replyTimeoutMs: options.replyTimeoutMs,
            paced: options.paced,
            listSql: options.listSql,
          });
          results.push(result);
          const rate = result.updates / (result.wallMs / 1000);
          console.log(
            `${result.updates} updates in ${(result.wallMs / 1000).toFixed(2)} s ` +
              `(${rate.toFixed(1)}/s; the whole process took ${((performance.now() - started) / 1000).toFixed(1)} s)`,
          );
        } catch (error: unknown) {
          console.log("failed");
          throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          await postgres?.drop();
        }
      }
    }
  }

  printResults(results);
  console.log();
  console.log(
    "per update, duban: grammY middleware → toIncoming → one transaction: InboundUpdate insert",
  );
  console.log(
    "  (dedup), ChatIdentity row locked FOR UPDATE, member/campaign/conversation loaded, the pure",
  );
  console.log(
    "  transition, conversation state and report draft (or report, revision and metric values on",
  );
  console.log(
    "  submit) written, replies inserted in the outbox; commit; then the dispatcher claims the rows",
  );
  console.log(
    "  (FOR UPDATE SKIP LOCKED), TelegramGateway renders and sends them, each row marked sent.",
  );
  console.log("  Button taps: answerCallbackQuery before, editMessageReplyMarkup after handling.");
  console.log(
    "per update, conversations-plugin: storage read (SELECT bench_sessions), replay of the",
  );
  console.log(
    "  conversation function over its whole log so far, the new step's replies sent directly,",
  );
  console.log(
    "  storage write (upsert of the grown log; delete when the conversation ends). The task is",
  );
  console.log(
    "  loaded once (conversation.external), the report saved once at submit (one transaction:",
  );
  console.log(
    "  report row + metric-value rows). Taps: answerCallbackQuery + editMessageReplyMarkup inside",
  );
  console.log(
    "  the conversation. No dedup of redelivered updates, no per-person lock, no outbox.",
  );
}

const workerIndex = process.argv.indexOf("--worker");
if (workerIndex >= 0) {
  await worker(process.argv[workerIndex + 1] ?? "{}");
} else {
  try {
    await main(parseOptions(process.argv.slice(2)));
  } catch (error: unknown) {
    console.error(
      `\nbench:inbound aborted: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
