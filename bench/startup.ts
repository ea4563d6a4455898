/**
 * Startup benchmark: time from spawning duban's `start` until `/healthz` answers 200 (polled
 * every 20 ms), and the bot process's resident memory (VmRSS) at that moment, on an existing,
 * migrated database. The first start of each variant creates and migrates its database (the
 * "cold" columns); the next N are the warm starts. Variants: the compiled build
 * (`node bin/duban.js start`, running dist/) and the TypeScript source through tsx
 * (`DUBAN_FROM_SOURCE=1`, as `npm run dev`), each on embedded PGlite and, when reachable, on
 * PostgreSQL; plus a bare Node HTTP server answering /healthz, the floor any start stands on.
 *
 *   npm run bench:startup [-- --runs N]
 *
 * It prints figures and never asserts thresholds. The compiled variants run dist/ as it is:
 * `npm run build` first after changing the source. On PostgreSQL the server's own memory is
 * not in the figure, only duban's process.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DubanEnv,
  describeExit,
  killAllDubans,
  REPO_ROOT,
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

/** The floor: a bare Node process that answers /healthz, measured the same way. */
const FLOOR_SERVER = `require("node:http").createServer((req, res) => {
  res.writeHead(200, { "content-type": "application/json" }); res.end('{"status":"ok"}');
}).listen(Number(process.env.PORT), "127.0.0.1");`;

async function measureFloor(): Promise<Sample> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, ["-e", FLOOR_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: "ignore",
  });
  try {
    await waitForHealthy(`http://127.0.0.1:${port}/healthz`, {
      intervalMs: POLL_MS,
      timeoutMs: READY_TIMEOUT_MS,
    });
    const readyMs = performance.now() - spawnedAt;
    if (child.pid === undefined) throw new Error("the floor server did not start");
    return { readyMs, rssMb: rssMb(child.pid) };
  } finally {
    const exited = new Promise((resolveExit) => child.once("close", resolveExit));
    child.kill("SIGKILL");
    await exited;
  }
}

async function measure(name: string, start: () => Promise<Sample>, runs: number) {
  process.stdout.write(`${name}: first start (creates and migrates the database if new)… `);
  const cold = await start();
  process.stdout.write(`${(cold.readyMs / 1000).toFixed(2)} s\n${name}: ${runs} warm start(s) `);
  const warm: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    warm.push(await start());
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
    "variant",
    "runs",
    "median s",
    "min s",
    "max s",
    "median RSS MB",
    "max RSS MB",
    "first s",
    "first RSS MB",
  ];
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const rows = results.map((result) => {
    const times = result.warm.map((sample) => sample.readyMs);
    const rss = result.warm.map((sample) => sample.rssMb);
    return [
      result.name,
      String(runs),
      seconds(median(times)),
      seconds(Math.min(...times)),
      seconds(Math.max(...times)),
      median(rss).toFixed(0),
      Math.max(...rss).toFixed(0),
      seconds(result.cold.readyMs),
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
  console.log("start = spawn until GET /healthz answers 200 (polled every 20 ms)");
  console.log("RSS = VmRSS of the bot process at that moment (not the PostgreSQL server's)");
  console.log("warm = existing, migrated database; first = the variant's first start, not in");
  console.log("the warm figures (it creates and migrates a new database)");
  console.log();
  console.log(line(header));
  console.log(line(header.map((_, column) => "-".repeat(widths[column] ?? 0))));
  for (const row of rows) console.log(line(row));
}

const COMPILED: DubanEnv = { DUBAN_FROM_SOURCE: undefined };
const SOURCE: DubanEnv = { DUBAN_FROM_SOURCE: "1" };

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  if (!existsSync(join(REPO_ROOT, "dist", "cli", "main.js"))) {
    throw new Error("dist/ is missing: run `npm run build` first");
  }
  const results: Result[] = [await measure("bare Node HTTP (floor)", measureFloor, runs)];

  const root = mkdtempSync(join(tmpdir(), "duban-bench-startup-"));
  try {
    for (const [name, build] of [
      ["compiled, PGlite", COMPILED],
      ["tsx source, PGlite", SOURCE],
    ] as const) {
      const env = { ...build, DATA_DIR: join(root, name.replace(/\W+/g, "-")) };
      results.push(await measure(name, () => measureStart(env), runs));
    }
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
    for (const [name, build] of [
      ["compiled, PostgreSQL", COMPILED],
      ["tsx source, PostgreSQL", SOURCE],
    ] as const) {
      const scratch = await createScratchDatabase("duban_bench_startup");
      try {
        const env = { ...build, DATABASE_URL: scratch.url };
        results.push(await measure(name, () => measureStart(env), runs));
      } finally {
        await killAllDubans();
        await scratch.drop();
      }
    }
  }

  printTable(results, runs);
}

await main();
