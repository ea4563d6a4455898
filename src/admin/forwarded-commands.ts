import type { Command } from "commander";

/** What a forwarded command reads: the positions of its arguments that name input files. */
export interface ForwardedCommand {
  inputArguments: readonly number[];
}

/**
 * The data commands a running duban runs for the admin, by their path (`campaign import`).
 * Left out: `start` (a second bot), `db …` (the running bot migrated; `new-migration` writes
 * source files), `campaign validate` (it opens no database, so it always runs directly).
 */
export const FORWARDED_COMMANDS: ReadonlyMap<string, ForwardedCommand> = new Map([
  ["campaign import", { inputArguments: [0] }],
  ["campaign list", { inputArguments: [] }],
  ["campaign export", { inputArguments: [] }],
  ["invite", { inputArguments: [] }],
  ["jobs plan", { inputArguments: [] }],
  ["jobs run", { inputArguments: [] }],
  ["outbox status", { inputArguments: [] }],
  ["reports import", { inputArguments: [0] }],
  ["export", { inputArguments: [] }],
  ["digest", { inputArguments: [] }],
  ["circular", { inputArguments: [] }],
]);

/** `campaign import` for the command of `duban campaign import …`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(" ");
}
