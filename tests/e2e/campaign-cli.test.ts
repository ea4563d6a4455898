import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BAD_CASES, MINIMAL } from "../fixtures/campaigns/bad-cases.js";
import { REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { runDubanCommand } from "../support/run-duban.js";

/** The CLI as an admin uses it: one data directory, real processes. */
describe("duban campaign (command line)", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-cli-"));
  const env = { DATA_DIR: join(dir, "data") };
  const run = (...args: string[]) => runDubanCommand(args, env);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a bad file with file:line:column, a non-zero exit, and writes nothing", async () => {
    const badCase = BAD_CASES.find((c) => c.expected.code === "unknownMember") ?? BAD_CASES[0];
    if (!badCase) throw new Error("no bad cases");
    const file = join(dir, "bad.yaml");
    writeFileSync(file, badCase.text);
    const result = await run("campaign", "import", file);
    expect(result.code).toBe(1);
    const { line, column, path } = badCase.expected;
    expect(result.stderr).toContain(`${file}:${line}:${column}  ${path}:`);
    expect(result.stderr).toContain("1 error; nothing was written.");

    const list = await run("campaign", "list");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("there are no campaigns in the database yet");
  });

  it("imports, re-imports with no change, and exports a file that validates", async () => {
    const first = await run("campaign", "import", REFERENCE_EXAMPLE);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported ankang-eco-2022: \d+ changes?/);
    const second = await run("campaign", "import", REFERENCE_EXAMPLE);
    expect(second.stdout).toContain("imported ankang-eco-2022: 0 changes");
    expect(second.stdout).toContain("the database already matches the file");

    const out = join(dir, "exported.yaml");
    const exported = await run("campaign", "export", "--out", out);
    expect(exported.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("key: ankang-eco-2022");
    const validated = await run("campaign", "validate", out);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toContain("is valid: campaign ankang-eco-2022, 6 tasks, 14 people.");
    const dryRun = await run("campaign", "import", out, "--dry-run");
    expect(dryRun.stdout).toContain("would make 0 changes");
    // Five command-line processes, each opening the embedded database: slow on a busy machine.
  }, 180_000);

  it("validates in Chinese by default", async () => {
    const file = join(dir, "minimal.yaml");
    writeFileSync(file, MINIMAL);
    const result = await runDubanCommand(["campaign", "validate", file], {
      ...env,
      DUBAN_LOCALE: undefined,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("校验通过");
  });
});
