#!/usr/bin/env node
// The `duban` command. It runs the compiled build in dist/ (`npm install` builds it; so does
// `npm run build`). DUBAN_FROM_SOURCE=1 runs the TypeScript source through tsx instead, as the
// tests and `npm run dev` do, and so does a checkout without dist/, with a warning: the command
// keeps working, only its start is slower by the time tsx spends compiling.
import { existsSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

// PGlite's PostgreSQL and Prisma's query compiler are large WebAssembly modules; optimising
// them with TurboFan took a start about 1 s of CPU and 70 MB while it ran, and gained about
// 5 % afterwards only on PGlite's busiest work (README, "Two commands"). Liftoff's baseline
// code only. Set before any WebAssembly is compiled, so it holds for every module.
setFlagsFromString("--liftoff-only");

const compiled = new URL("../dist/cli/main.js", import.meta.url);
const fromSource = process.env.DUBAN_FROM_SOURCE === "1";

if (!fromSource && existsSync(compiled)) {
  await import(compiled.href);
} else {
  if (!fromSource) {
    process.emitWarning(
      "dist/ is missing, so duban runs its TypeScript source through tsx (a slower start). " +
        "`npm run build` builds dist/.",
      { code: "DUBAN_NO_BUILD" },
    );
  }
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
