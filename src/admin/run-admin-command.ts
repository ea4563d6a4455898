import type { CampaignChanges } from "../campaigns/campaign-changes.js";
import { type CliIo, createCliContext } from "../cli/cli-context.js";
import type { Config } from "../config.js";
import type { Database } from "../db/open-database.js";
import type { AdminEvent, AdminRequest, AdminResponse } from "./admin-protocol.js";

const base64 = (content: string | Uint8Array) => Buffer.from(content).toString("base64");

/**
 * Runs one admin command inside the running duban, on its open database: the same
 * commander program as the terminal's, with standard output, standard error and written
 * files collected in order, and input files taken from the request (this process never
 * opens a path the admin named).
 */
export async function runAdminCommand(options: {
  request: AdminRequest;
  database: Database;
  config: Config;
  changes: CampaignChanges;
  nudge: () => void;
}): Promise<AdminResponse> {
  const { request } = options;
  const events: AdminEvent[] = [];
  const files = new Map(request.files.map((file) => [file.path, file]));
  const io: CliIo = {
    write: (content) => events.push({ kind: "stdout", content: base64(content) }),
    writeErr: (text) => events.push({ kind: "stderr", text }),
    readFile: async (path) => {
      const file = files.get(path);
      if (file && "content" in file) return Buffer.from(file.content, "base64");
      const code = file?.error ?? "ENOENT";
      throw Object.assign(new Error(`${code}: ${path}`), { code });
    },
    writeFile: async (path, content) => {
      events.push({ kind: "file", path, content: base64(content) });
    },
  };
  // Loaded here: the command line's modules import the composition root that starts this.
  const { buildProgram, runProgram } = await import("../cli/program.js");
  const context = createCliContext(request.locale, io, {
    database: options.database,
    loadConfig: () => options.config,
    campaignChanged: (change) => options.changes.changed(change),
    nudge: options.nudge,
  });
  const program = buildProgram(context, { onlyForwarded: true });
  const exitCode = await runProgram({ program, context, argv: request.argv });
  return { exitCode, events };
}
