import { percentile } from "./drive-members.js";
import type { RunResult, SideName } from "./run-side.js";

export const SIDE_LABELS: Record<SideName, string> = {
  duban: "duban",
  plugin: "conversations-plugin",
};

const DB_LABELS = { pglite: "PGlite", postgres: "PostgreSQL" } as const;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const textColumns = 3;
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column < textColumns
          ? cell.padEnd(widths[column] ?? 0)
          : cell.padStart(widths[column] ?? 0),
      )
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)];
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** The figures of every run, one row each. */
export function printResults(results: RunResult[]): void {
  const header = [
    "database",
    "feed",
    "side",
    "updates",
    "wall s",
    "updates/s",
    "p50 ms",
    "p99 ms",
    "p50 handled ms",
    "RSS MB",
    "SQL/update",
    "reports saved",
    "state KB",
  ];
  const rows = results.map((result) => [
    DB_LABELS[result.spec.db.kind],
    result.spec.mode,
    SIDE_LABELS[result.spec.side],
    String(result.updates),
    (result.wallMs / 1000).toFixed(2),
    (result.updates / (result.wallMs / 1000)).toFixed(1),
    ms(percentile(result.latencyMs, 50)),
    ms(percentile(result.latencyMs, 99)),
    ms(percentile(result.handleMs, 50)),
    result.rssMb.toFixed(0),
    (result.statements / result.updates).toFixed(1),
    `${result.persisted.reports} (+${result.persisted.metricValues} values)`,
    (result.persisted.largestStateBytes / 1024).toFixed(1),
  ]);
  console.log();
  for (const line of table(header, rows)) console.log(line);
  console.log();
  console.log(
    "latency = update handed to grammY (bot.handleUpdate) → the last reply for it answered by the Bot API fake;",
  );
  console.log(
    "handled = handed to grammY → handleUpdate resolved; SQL/update = statements sent to the database during",
  );
  console.log(
    "the run (BEGIN/COMMIT included; duban's outbox sweep too); reports saved include warm-up members;",
  );
  console.log(
    "state KB = largest conversation state stored for one chat (duban: its Conversation row; plugin: its replay log).",
  );

  const ratios: string[] = [];
  for (const ours of results.filter((result) => result.spec.side === "duban")) {
    const theirs = results.find(
      (result) =>
        result.spec.side === "plugin" &&
        result.spec.db.kind === ours.spec.db.kind &&
        result.spec.mode === ours.spec.mode,
    );
    if (!theirs) continue;
    const rate = (result: RunResult) => result.updates / result.wallMs;
    const ratio = (a: number, b: number) => {
      const value = a / b;
      return `${value >= 10 ? value.toFixed(0) : value.toFixed(2)}×`;
    };
    ratios.push(
      `${DB_LABELS[ours.spec.db.kind]}, ${ours.spec.mode}: ` +
        `${ratio(rate(ours), rate(theirs))} updates/s, ` +
        `SQL/update ${(ours.statements / ours.updates).toFixed(1)} against ${(theirs.statements / theirs.updates).toFixed(1)}, ` +
        `p50 latency ${ratio(percentile(ours.latencyMs, 50), percentile(theirs.latencyMs, 50))}, ` +
        `p99 latency ${ratio(percentile(ours.latencyMs, 99), percentile(theirs.latencyMs, 99))}, ` +
        `RSS ${ratio(ours.rssMb, theirs.rssMb)}`,
    );
  }
  if (ratios.length > 0) {
    console.log();
    console.log(
      "duban / conversations-plugin (throughput above 1× = duban faster; latency and RSS above 1× = duban slower/bigger):",
    );
    for (const line of ratios) console.log(`  ${line}`);
  }

  for (const result of results) {
    if (!result.sql) continue;
    console.log();
    console.log(
      `statements of ${DB_LABELS[result.spec.db.kind]} · ${result.spec.mode} · ${SIDE_LABELS[result.spec.side]} ` +
        `(per update, then the statement):`,
    );
    for (const [text, count] of result.sql) {
      const flat = text.length > 220 ? `${text.slice(0, 217)}…` : text;
      console.log(`  ${(count / result.updates).toFixed(2).padStart(6)}  ${flat}`);
    }
  }

  const calls = new Map<string, string>();
  for (const result of results) {
    const text = Object.entries(result.apiCalls)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([method, count]) => `${method} ${count}`)
      .join(", ");
    calls.set(SIDE_LABELS[result.spec.side], text);
  }
  console.log();
  console.log("Bot API calls per measured run:");
  for (const [side, text] of calls) console.log(`  ${side}: ${text}`);
}
