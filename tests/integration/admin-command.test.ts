import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdminResponse } from "../../src/admin/admin-protocol.js";
import { runAdminCommand } from "../../src/admin/run-admin-command.js";
import {
  type CampaignChange,
  createCampaignChanges,
} from "../../src/campaigns/campaign-changes.js";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/open-database.js";
import { REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { createTestDatabase } from "../support/test-database.js";

const stdout = (response: AdminResponse) =>
  response.events
    .flatMap((event) => (event.kind === "stdout" ? [Buffer.from(event.content, "base64")] : []))
    .join("");
const stderr = (response: AdminResponse) =>
  response.events.flatMap((event) => (event.kind === "stderr" ? [event.text] : [])).join("");

/** The admin endpoint's side: the command line's program run on the bot's open database. */
describe("an admin command run inside the running duban", () => {
  let database: Database;
  const changes = createCampaignChanges();
  const changed: CampaignChange[] = [];
  let nudges = 0;
  const run = (argv: string[], files: { path: string; content: string }[] = []) =>
    runAdminCommand({
      request: { argv, locale: "en", files },
      database,
      config: loadConfig({ DATA_DIR: "/nonexistent/never-opened" }),
      changes,
      nudge: () => {
        nudges += 1;
      },
    });
  const campaign = {
    path: "/home/admin/campaign.yaml",
    content: readFileSync(REFERENCE_EXAMPLE).toString("base64"),
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    changes.subscribe((change) => changed.push(change));
  });
  afterAll(async () => {
    await database?.close();
  });

  it("imports the file the request carries, on the open database, and says the campaign changed", async () => {
    const imported = await run(["campaign", "import", campaign.path], [campaign]);
    expect(imported.exitCode, stderr(imported)).toBe(0);
    expect(changed).toEqual([{ campaignKey: "ankang-eco-2022" }]);
    const again = await run(["campaign", "import", campaign.path], [campaign]);
    expect(again.exitCode, stderr(again)).toBe(0);
    expect(changed).toHaveLength(1); // nothing changed the second time
    expect(await database.prisma.campaign.count()).toBe(1);
  });

  it("never reads a path of its own: a file the request does not carry is missing", async () => {
    const response = await run(["campaign", "import", "/etc/passwd"]);
    expect(response.exitCode).not.toBe(0);
    expect(stderr(response)).toContain("ENOENT");
  });

  it("hands a written file back instead of writing it", async () => {
    const response = await run(["campaign", "export", "ankang-eco-2022", "--out", "/x/out.yaml"]);
    expect(response.exitCode, stderr(response)).toBe(0);
    const file = response.events.find((event) => event.kind === "file");
    expect(file).toMatchObject({ kind: "file", path: "/x/out.yaml" });
    expect(Buffer.from(file?.kind === "file" ? file.content : "", "base64").toString()).toContain(
      "zhang-wei",
    );
  });

  it("lists to its output, and refuses what must not run inside a running bot", async () => {
    const list = await run(["campaign", "list"]);
    expect(list.exitCode).toBe(0);
    expect(stdout(list)).toContain("ankang-eco-2022");
    for (const argv of [["start"], ["db", "migrate"]]) {
      const refused = await run(argv);
      expect(refused.exitCode, argv.join(" ")).toBe(2);
      expect(stderr(refused)).toContain("stop it first");
    }
    expect(nudges).toBe(0);
  });
});
