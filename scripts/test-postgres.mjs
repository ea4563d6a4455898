// Runs the database tests again on a PostgreSQL server (a fresh database per test file,
// dropped afterwards). Without a reachable server this is skipped with a notice, except
// under CI, where it must run.
import { spawnSync } from "node:child_process";
import pg from "pg";

const url = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.end();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  if (process.env.CI) {
    console.error(`PostgreSQL is required under CI but ${url} is unreachable: ${reason}`);
    process.exit(1);
  }
  console.warn(`Skipping the PostgreSQL run: ${url} is unreachable (${reason}).`);
  console.warn("Start a server or set TEST_POSTGRES_URL to include it.");
  process.exit(0);
}

const result = spawnSync("npx", ["vitest", "run", "tests/integration"], {
  stdio: "inherit",
  env: { ...process.env, DUBAN_TEST_DATABASE: "postgres" },
});
process.exit(result.status ?? 1);
