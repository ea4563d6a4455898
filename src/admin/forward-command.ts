import { request as httpRequest } from "node:http";
import type { Command } from "commander";
import type { CliContext } from "../cli/cli-context.js";
import { dataDirHolder } from "../db/data-dir-lock.js";
import { readAdminEndpoint } from "./admin-endpoint-file.js";
import {
  ADMIN_RUN_PATH,
  type AdminEndpoint,
  type AdminInputFile,
  type AdminRequest,
  type AdminResponse,
  ZAdminRefusal,
  ZAdminResponse,
} from "./admin-protocol.js";
import { commandPath, FORWARDED_COMMANDS } from "./forwarded-commands.js";

/** The answer of the admin endpoint: a command's result, or a refusal with its status. */
export type AdminAnswer =
  | { kind: "result"; response: AdminResponse }
  | { kind: "refused"; status: number; message: string | undefined }
  | { kind: "malformed" };

/**
 * Sends a data command to the running duban that holds the embedded data directory, and
 * replays what it printed and wrote here, in order. Returns its exit code, or undefined
 * when the command is to run directly: not a data command, PostgreSQL, no running duban,
 * or one that stopped meanwhile (then the direct run takes the lock or says who holds it).
 */
export async function forwardToRunningDuban(options: {
  context: CliContext;
  command: Command;
  argv: string[];
}): Promise<number | undefined> {
  const { context, command } = options;
  const forwarded = FORWARDED_COMMANDS.get(commandPath(command));
  if (!forwarded) return undefined;
  const target = context.loadConfig().database;
  if (target.kind !== "pglite" || target.dataDir.startsWith("memory://")) return undefined;
  const holder = dataDirHolder(target.dataDir);
  if (holder === undefined) return undefined;
  const endpoint = readAdminEndpoint(target.dataDir);
  if (!endpoint || endpoint.pid !== holder) return undefined;
  const files = await Promise.all(
    forwarded.inputArguments.flatMap((index) => {
      const path = command.args[index];
      return path === undefined ? [] : [readInputFile(context, path)];
    }),
  );
  const request: AdminRequest = { argv: options.argv, locale: context.locale, files };
  let answer: AdminAnswer;
  try {
    answer = await sendAdminRequest(endpoint, request);
  } catch {
    return undefined; // it stopped between the look and the request
  }
  if (answer.kind === "malformed") {
    context.err(context.translate("cli.admin.malformed"));
    return 1;
  }
  if (answer.kind === "refused") {
    context.err(
      answer.message ?? context.translate("cli.admin.refusedStatus", { status: answer.status }),
    );
    return 2;
  }
  return replayResponse(context, answer.response);
}

async function readInputFile(context: CliContext, path: string): Promise<AdminInputFile> {
  try {
    return { path, content: (await context.readFile(path)).toString("base64") };
  } catch (error: unknown) {
    return { path, error: (error as NodeJS.ErrnoException).code ?? "EIO" };
  }
}

/** Prints and writes what the command did, in its order; a file that cannot be written ends it. */
export async function replayResponse(
  context: CliContext,
  response: AdminResponse,
): Promise<number> {
  for (const event of response.events) {
    if (event.kind === "stdout") context.write(Buffer.from(event.content, "base64"));
    else if (event.kind === "stderr") context.writeErr(event.text);
    else {
      try {
        await context.writeFile(event.path, Buffer.from(event.content, "base64"));
      } catch (error: unknown) {
        context.err(context.translate("cli.errors.unexpected", { message: String(error) }));
        return 1;
      }
    }
  }
  return response.exitCode;
}

/** POSTs the request with the endpoint's token; node:http, so a long import has no time limit. */
export function sendAdminRequest(
  endpoint: Pick<AdminEndpoint, "url" | "token">,
  request: AdminRequest,
): Promise<AdminAnswer> {
  const body = Buffer.from(JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(new URL(ADMIN_RUN_PATH, endpoint.url), {
      method: "POST",
      headers: {
        authorization: `Bearer ${endpoint.token}`,
        "content-type": "application/json",
        "content-length": body.length,
        "accept-language": request.locale,
      },
    });
    outgoing.on("error", reject);
    outgoing.on("response", (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("error", reject);
      incoming.on("end", () => {
        resolve(parseAdminAnswer(incoming.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")));
      });
    });
    outgoing.end(body);
  });
}

/** The endpoint's answer, checked: a 200 must be a whole response, anything else a refusal. */
export function parseAdminAnswer(status: number, text: string): AdminAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return status === 200 ? { kind: "malformed" } : { kind: "refused", status, message: undefined };
  }
  if (status === 200) {
    const parsed = ZAdminResponse.safeParse(json);
    return parsed.success ? { kind: "result", response: parsed.data } : { kind: "malformed" };
  }
  const refusal = ZAdminRefusal.safeParse(json);
  return { kind: "refused", status, message: refusal.success ? refusal.data.message : undefined };
}
