import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: `node bin/duban.js` runs from here, as `npm start` would. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DUBAN_BIN = join(REPO_ROOT, "bin", "duban.js");

/**
 * Variables duban reads: they are never inherited from the caller's environment (a developer's
 * own `DATABASE_URL` or `TELEGRAM_BOT_TOKEN` must not leak into a test), only set explicitly.
 */
const DUBAN_VARIABLES = [
  "DATABASE_URL",
  "DATA_DIR",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_API_ROOT",
  "TELEGRAM_WEBHOOK_URL",
  "TELEGRAM_WEBHOOK_SECRET",
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "SLACK_API_URL",
  "PORT",
  "HOST",
  "LOG_LEVEL",
  "DUBAN_LOCALE",
  "DUBAN_TRYOUT",
  "DUBAN_SIMULATED_CLOCK",
  "LANG",
  "DUBAN_FROM_SOURCE",
];

/** Environment overrides for the child; `undefined` removes a variable. */
export type DubanEnv = Record<string, string | undefined>;

/** How a child ended: `code` is null when a signal killed it. */
export interface DubanExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The child's environment: the caller's minus duban's own variables, English, quiet logs, and
 * the try-out chat off (with no token on loopback it would import the example campaign into an
 * empty database): a test of the try-out asks for it with `DUBAN_TRYOUT: undefined` or "1".
 * It runs the TypeScript source (`DUBAN_FROM_SOURCE=1`), so a stale dist/ is never what gets
 * tested; `DUBAN_FROM_SOURCE: undefined` runs the compiled build as `npm start` does.
 */
export function dubanEnvironment(env: DubanEnv = {}): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DUBAN_VARIABLES) delete result[name];
  result.DUBAN_LOCALE = "en";
  result.LOG_LEVEL = "warn";
  result.DUBAN_TRYOUT = "0";
  result.DUBAN_FROM_SOURCE = "1";
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  return result;
}

export interface SpawnOptions {
  /** The script Node runs instead of `bin/duban.js` (a compiled `cli/main.js`). */
  script?: string;
}

/** A `node bin/duban.js …` child process with its output collected. */
export class DubanProcess {
  readonly child: ChildProcess;
  /** When the child was spawned (`performance.now()` milliseconds). */
  readonly spawnedAt: number;
  /** Resolves once the child has exited (never rejects). */
  readonly exited: Promise<DubanExit>;
  private stdoutText = "";
  private stderrText = "";
  private outputText = "";
  private readonly lines: string[] = [];
  private readonly partial = { stdout: "", stderr: "" };
  private exit: DubanExit | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly args: readonly string[],
    env: DubanEnv = {},
    options: SpawnOptions = {},
  ) {
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, [options.script ?? DUBAN_BIN, ...args], {
      cwd: REPO_ROOT,
      env: dubanEnvironment(env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(this);
    this.child.stdout?.setEncoding("utf8");
    this.child.stderr?.setEncoding("utf8");
    this.child.stdout?.on("data", (chunk: string) => this.receive("stdout", chunk));
    this.child.stderr?.on("data", (chunk: string) => this.receive("stderr", chunk));
    this.exited = new Promise<DubanExit>((resolveExit) => {
      const done = (exit: DubanExit) => {
        if (this.exit) return;
        this.flushPartials();
        this.exit = exit;
        running.delete(this);
        this.notify();
        resolveExit(exit);
      };
      // "close" waits for the output streams to end, so nothing printed last is lost.
      this.child.once("close", (code, signal) => done({ code, signal }));
      this.child.once("error", (error) => {
        this.receive("stderr", `\n[spawn failed: ${error.message}]\n`);
        done({ code: null, signal: null });
      });
    });
  }

  /** The child's process id (the Node process itself: `bin/duban.js` is not a wrapper). */
  get pid(): number {
    const pid = this.child.pid;
    if (pid === undefined) throw new Error(`duban ${this.args.join(" ")} did not start`);
    return pid;
  }

  get stdout(): string {
    return this.stdoutText;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Standard output and standard error interleaved as they arrived. */
  get output(): string {
    return this.outputText;
  }

  /** How the child ended, or undefined while it runs. */
  get exitStatus(): DubanExit | undefined {
    return this.exit;
  }

  /**
   * Waits for an output line (stdout or stderr, including lines already printed) that
   * matches `pattern`. Fails with the collected output when the time runs out or the
   * child exits first.
   */
  waitFor(pattern: RegExp, timeoutMs = 45_000): Promise<RegExpMatchArray> {
    const find = () => {
      for (const line of this.lines) {
        const match = line.match(pattern);
        if (match) return match;
      }
      return undefined;
    };
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise<RegExpMatchArray>((resolveWait, rejectWait) => {
      const finish = (error?: Error, match?: RegExpMatchArray) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) rejectWait(error);
        else if (match) resolveWait(match);
      };
      const check = () => {
        const match = find();
        if (match) finish(undefined, match);
        else if (this.exit) {
          finish(this.failure(`exited (${describeExit(this.exit)}) before printing ${pattern}`));
        }
      };
      const timer = setTimeout(
        () => finish(this.failure(`printed no line matching ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.listeners.add(check);
      check();
    });
  }

  /** The HTTP server's URL from `HTTP server listening on http://…`. */
  async httpUrl(timeoutMs = 45_000): Promise<string> {
    const match = await this.waitFor(/HTTP server listening on (https?:\/\/\S+)/, timeoutMs);
    const url = match[1];
    if (!url) throw this.failure("printed an HTTP line without a URL");
    return url;
  }

  /**
   * Sends `signal` and waits for the exit. A child that outlives `timeoutMs` is killed
   * with SIGKILL and the wait fails with its output.
   */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 30_000): Promise<DubanExit> {
    if (this.exit) return this.exit;
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolveTimeout) => {
      timer = setTimeout(() => resolveTimeout("timeout"), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === "timeout") {
      this.child.kill("SIGKILL");
      await this.exited;
      throw this.failure(`did not exit within ${timeoutMs} ms of ${signal}`);
    }
    return result;
  }

  /** Kills the child with SIGKILL unless it has already exited; waits for the exit. */
  async kill(): Promise<void> {
    if (this.exit) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** An error naming the command and carrying everything it printed. */
  failure(what: string): Error {
    return new Error(
      `duban ${this.args.join(" ")} ${what}.\n--- output ---\n${this.outputText || "(nothing)"}`,
    );
  }

  private receive(stream: "stdout" | "stderr", chunk: string): void {
    if (stream === "stdout") this.stdoutText += chunk;
    else this.stderrText += chunk;
    this.outputText += chunk;
    const pieces = (this.partial[stream] + chunk).split("\n");
    this.partial[stream] = pieces.pop() ?? "";
    for (const piece of pieces) this.lines.push(piece.replace(/\r$/, ""));
    this.notify();
  }

  private flushPartials(): void {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream] !== "") this.lines.push(this.partial[stream]);
      this.partial[stream] = "";
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

const running = new Set<DubanProcess>();

// A test runner or bench that dies must not leave a duban (and its PGlite) behind.
process.once("exit", () => {
  for (const duban of running) duban.child.kill("SIGKILL");
});

/** Spawns `node bin/duban.js <args>` with `env` over a cleaned copy of this environment. */
export function spawnDuban(
  args: readonly string[],
  env: DubanEnv = {},
  options: SpawnOptions = {},
): DubanProcess {
  return new DubanProcess(args, env, options);
}

/** Kills every child spawned here that is still running (for `afterEach`/`finally`). */
export async function killAllDubans(): Promise<void> {
  await Promise.all([...running].map((duban) => duban.kill()));
}

/** Runs `node bin/duban.js <args>` to completion (killing it after `timeoutMs`). */
export async function runDubanCommand(
  args: readonly string[],
  env: DubanEnv = {},
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const duban = spawnDuban(args, env);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolveTimeout) => {
    timer = setTimeout(() => resolveTimeout("timeout"), timeoutMs);
  });
  const result = await Promise.race([duban.exited, timedOut]);
  clearTimeout(timer);
  if (result === "timeout") {
    await duban.kill();
    throw duban.failure(`did not finish within ${timeoutMs} ms`);
  }
  return { code: result.code, stdout: duban.stdout, stderr: duban.stderr };
}

/** Waits until `GET url` answers 200, polling every `intervalMs`; returns the parsed body. */
export async function waitForHealthy(
  url: string,
  options: { timeoutMs?: number; intervalMs?: number; process?: DubanProcess } = {},
): Promise<unknown> {
  const { timeoutMs = 45_000, intervalMs = 20 } = options;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return await response.json();
      await response.body?.cancel();
    } catch {
      // not listening yet
    }
    const child = options.process;
    if (child?.exitStatus) {
      throw child.failure(`exited (${describeExit(child.exitStatus)}) before ${url} answered`);
    }
    if (performance.now() > deadline) {
      const message = `${url} did not answer 200 within ${timeoutMs} ms`;
      throw child ? child.failure(`is running, but ${message}`) : new Error(message);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, intervalMs));
  }
}

export function describeExit(exit: DubanExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
