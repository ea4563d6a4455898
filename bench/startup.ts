/**
 * Startup benchmark: time from spawning `node bin/duban.js start` until `/healthz` answers
 * 200 (polled every 20 ms), and the process's resident memory once it is ready, on an
 * existing, migrated database: embedded PGlite and, when reachable, PostgreSQL.
 *
 *   npm run bench:startup [-- --runs N]
 *
 * It prints figures and never asserts thresholds.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DubanEnv,
  describeExit,
  killAllDubans,
  spawnDuban,
  waitForHealthy,
} from "../tests/support/run-duban.js";
import {
  createScratchDatabase,
  POSTGRES_ADMIN_URL,
  postgresUnreachable,
} from "../tests/support/scratch-postgres.js";

const POLL_MS = 20;
const READY_TIMEOUT_MS = 120_000;

interface Sample {
  readyMs: number;
  rssMb: number;
}

interface Result {
  name: string;
  cold: Sample;
  warm: Sample[];
}

function parseRuns(argv: string[]): number {
  const index = argv.indexOf("--runs");
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith("--runs="))?.slice(7);
  if (raw === undefined) return 5;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a positive integer, not ${JSON.stringify(raw)}`);
  }
  return runs;
}

/** A port that was free a moment ago, so `/healthz` can be polled from the moment of spawn. */
function freePort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const server = createServer();
    server.once("error", rejectPort);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** VmRSS of a process in MB, from /proc/<pid>/status. */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = status.match(/^VmRSS:\s+(\d+)\s+kB$/m);
  if (!match?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) / 1024;
}

/** One start: spawn, poll /healthz until 200, read RSS, stop with SIGTERM. */
async function measureStart(env: DubanEnv): Promise<Sample> {
  const port = await freePort();
  const duban = spawnDuban(["start"], { ...env, PORT: String(port), HOST: "127.0.0.1" });
  try {
    await waitForHealthy(`http://127.0.0.1:${port}/healthz`, {
      process: duban,
      intervalMs: POLL_MS,
      timeoutMs: READY_TIMEOUT_MS,
    });
    const readyMs = performance.now() - duban.spawnedAt;
    const sample = { readyMs, rssMb: rssMb(duban.pid) };
    const exit = await duban.stop("SIGTERM");
    if (exit.code !== 0) throw duban.failure(`ended with ${describeExit(exit)} after SIGTERM`);
    return sample;
  } finally {
    await duban.kill();
  }
}

async function measure(name: string, env: DubanEnv, runs: number): Promise<Result> {
  process.stdout.write(`${name}: cold start (creates and migrates the database)… `);
  const cold = await measureStart(env);
  process.stdout.write(`${Math.round(cold.readyMs)} ms\n${name}: ${runs} warm start(s) `);
  const warm: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    warm.push(await measureStart(env));
    process.stdout.write(".");
  }
  process.stdout.write("\n");
  return { name, cold, warm };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

function printTable(results: Result[], runs: number): void {
  const header = [
    "database",
    "runs",
    "median ms",
    "min ms",
    "max ms",
    "median RSS MB",
    "cold ms",
    "cold RSS MB",
  ];
  const rows = results.map((result) => {
    const times = result.warm.map((sample) => sample.readyMs);
    return [
      result.name,
      String(runs),
      median(times).toFixed(0),
      Math.min(...times).toFixed(0),
      Math.max(...times).toFixed(0),
      median(result.warm.map((sample) => sample.rssMb)).toFixed(0),
      result.cold.readyMs.toFixed(0),
      result.cold.rssMb.toFixed(0),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join("  ");
  console.log();
  console.log("time to ready = spawn until GET /healthz answers 200 (polled every 20 ms)");
  console.log("warm = existing, migrated database; cold = first start, not in the warm figures");
  console.log();
  console.log(line(header));
  console.log(line(header.map((_, column) => "-".repeat(widths[column] ?? 0))));
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  const results: Result[] = [];

  const root = mkdtempSync(join(tmpdir(), "duban-bench-startup-"));
  try {
    results.push(await measure("embedded (PGlite)", { DATA_DIR: join(root, "data") }, runs));
  } finally {
    await killAllDubans();
    rmSync(root, { recursive: true, force: true });
  }

  const unreachable = await postgresUnreachable();
  if (unreachable) {
    console.log(
      `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (${unreachable}); measured only PGlite.`,
    );
  } else {
    const scratch = await createScratchDatabase("duban_bench_startup");
    try {
      results.push(await measure("PostgreSQL", { DATABASE_URL: scratch.url }, runs));
    } finally {
      await killAllDubans();
      await scratch.drop();
    }
  }

  printTable(results, runs);
}

await main();
