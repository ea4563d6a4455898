/**
 * Circular benchmark: compiles the quarterly circular of a synthetic campaign (500 members ×
 * 13 weeks × 6 tasks, every member reporting on every task: 39,000 reports of three progress
 * items each, with metrics, problems and next steps) and renders it as a GB/T 9704 DOCX; then
 * again at twice the members. For comparison, in the same run, it writes the same compiled
 * text the way a user would without duban's renderer (one unstyled `docx` Paragraph per
 * line), and every report's items dumped one per paragraph without compiling.
 *
 *   npm run bench:circular [-- --runs N]
 *
 * Prints the median of N runs (default 5) after a warm-up, the resident memory, the DOCX
 * sizes and the ratio of time at 2× to 1× (goal ≤ 2.2, and under 2 s). It never asserts.
 */
import { Document, Packer, Paragraph } from "docx";
import { compileCircular } from "../src/summaries/compile-circular.js";
import { renderDocx } from "../src/summaries/docx/render-docx.js";
import type { SummaryBlock, SummaryDocument } from "../src/summaries/summary-document.js";
import type { SummaryInput } from "../src/summaries/summary-input.js";
import { SYNTHETIC_QUARTER, syntheticCampaign } from "./support/synthetic-campaign.js";

function parseRuns(argv: string[]): number {
  const index = argv.indexOf("--runs");
  const raw = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith("--runs="))?.slice(7);
  const runs = raw === undefined ? 5 : Number(raw);
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`--runs must be a positive integer, not ${JSON.stringify(raw)}`);
  }
  return runs;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const blockLines = (block: SummaryBlock): string[] =>
  block.kind === "list"
    ? block.items
    : block.kind === "signature"
      ? [block.issuer, block.date]
      : [block.text];

/** What a user would write without the renderer: one unstyled paragraph per line. */
function naiveDocx(lines: string[]): Promise<Buffer> {
  const doc = new Document({
    sections: [{ children: lines.map((line) => new Paragraph(line)) }],
  });
  return Packer.toBuffer(doc);
}

const documentLines = (doc: SummaryDocument): string[] => [
  ...(doc.issuer ? [doc.issuer] : []),
  doc.title,
  ...doc.blocks.flatMap(blockLines),
];

interface Timing {
  compileMs: number;
  renderMs: number;
  totalMs: number;
  bytes: number;
  blocks: number;
}

async function duban(input: SummaryInput): Promise<Timing> {
  const start = performance.now();
  const compiled = compileCircular(input, { quarter: SYNTHETIC_QUARTER });
  const compiledAt = performance.now();
  const bytes = await renderDocx(compiled.document);
  const end = performance.now();
  return {
    compileMs: compiledAt - start,
    renderMs: end - compiledAt,
    totalMs: end - start,
    bytes: bytes.length,
    blocks: compiled.document.blocks.length,
  };
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const bytes = await run();
  return { ms: performance.now() - start, bytes };
}

interface SizeResult {
  members: number;
  reports: number;
  duban: Timing;
  rssMb: number;
  naiveSameText: { ms: number; bytes: number };
  rawDump: { ms: number; bytes: number; paragraphs: number };
}

async function measure(members: number, runs: number): Promise<SizeResult> {
  const input = syntheticCampaign({ members, weeks: 13, tasks: 6 });
  await duban(input); // warm-up
  const samples: Timing[] = [];
  for (let i = 0; i < runs; i++) samples.push(await duban(input));
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  const pick = (key: keyof Timing) => median(samples.map((s) => s[key]));
  const compiled = compileCircular(input, { quarter: SYNTHETIC_QUARTER });
  const lines = documentLines(compiled.document);
  const naive = [];
  for (let i = 0; i <= runs; i++)
    naive.push(await timed(async () => (await naiveDocx(lines)).length));
  const rawLines = input.reports.flatMap((r) => r.progressItems);
  const raw = await timed(async () => (await naiveDocx(rawLines)).length);
  return {
    members,
    reports: input.reports.length,
    duban: {
      compileMs: pick("compileMs"),
      renderMs: pick("renderMs"),
      totalMs: pick("totalMs"),
      bytes: samples[0]?.bytes ?? 0,
      blocks: samples[0]?.blocks ?? 0,
    },
    rssMb,
    naiveSameText: {
      ms: median(naive.slice(1).map((n) => n.ms)),
      bytes: naive[0]?.bytes ?? 0,
    },
    rawDump: { ...raw, paragraphs: rawLines.length },
  };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  const runs = parseRuns(process.argv.slice(2));
  console.log(`circular: compileCircular + renderDocx, median of ${runs} runs after a warm-up`);
  const results: SizeResult[] = [];
  for (const members of [500, 1000]) {
    const result = await measure(members, runs);
    results.push(result);
    const d = result.duban;
    console.log(
      `\n${members} members × 13 weeks × 6 tasks (${result.reports.toLocaleString("en")} reports)\n` +
        `  duban      ${ms(d.totalMs)} (compile ${ms(d.compileMs)}, render ${ms(d.renderMs)}), ` +
        `DOCX ${kb(d.bytes)}, ${d.blocks} blocks, RSS ${result.rssMb.toFixed(0)} MB\n` +
        `  baseline   same text, one unstyled paragraph a line: ${ms(result.naiveSameText.ms)} ` +
        `(writing only, after duban's compile), DOCX ${kb(result.naiveSameText.bytes)}\n` +
        `  baseline   every report's items dumped, ${result.rawDump.paragraphs.toLocaleString("en")} ` +
        `paragraphs: ${ms(result.rawDump.ms)}, DOCX ${kb(result.rawDump.bytes)}`,
    );
  }
  const [one, two] = results;
  if (one && two) {
    const ratio = two.duban.totalMs / one.duban.totalMs;
    console.log(
      `\nratio 2×/1×: ${ratio.toFixed(2)} (goal ≤ 2.2); time at 1×: ${ms(one.duban.totalMs)}, ` +
        `at 2×: ${ms(two.duban.totalMs)} (goal < 2 s each)`,
    );
  }
}

await main();
