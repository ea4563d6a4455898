// Builds dist/: src compiled to JavaScript by tsc (tsconfig.build.json), with the files the
// code reads beside itself at run time (the chat page, the dashboard's stylesheet) copied along.
// dist/ sits at the same depth as src/, so what the code finds from the package root
// (prompts/, prisma/migrations, examples/) resolves the same from either. Type errors are
// `npm run typecheck`'s business: the build only transpiles (--noCheck), which halves its time.
//
//   node scripts/build.mjs [--out-dir <dir>]
//
// --out-dir builds elsewhere (a test builds a private copy); it must be a directory directly
// in the package root, for the reason above.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

const outIndex = process.argv.indexOf("--out-dir");
const dist = outIndex >= 0 ? resolve(process.argv[outIndex + 1] ?? "") : join(root, "dist");
if (relative(root, dirname(dist)) !== "" || dist === resolve(root) || dist === src) {
  console.error(`duban: --out-dir must be a new directory directly in ${root}, not ${dist}`);
  process.exit(2);
}

let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  // `npm install --omit=dev` has no TypeScript: bin/duban.js then runs the source through tsx.
  console.warn("duban: TypeScript is not installed, so dist/ was not built; duban will run");
  console.warn("       its source through tsx (a slower start). `npm install` without --omit=dev");
  console.warn("       and then `npm run build` builds it.");
  process.exit(process.env.npm_lifecycle_event === "postinstall" ? 0 : 1);
}

// The Prisma client is generated TypeScript under src/generated, compiled along with the rest.
if (!existsSync(join(src, "generated", "prisma", "client.ts"))) {
  const generated = spawnSync(
    process.execPath,
    [join(root, "scripts/generate-prisma-client.mjs")],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (generated.status !== 0) process.exit(generated.status ?? 1);
}

rmSync(dist, { recursive: true, force: true });
const result = spawnSync(
  process.execPath,
  [tsc, "-p", "tsconfig.build.json", "--noCheck", "--outDir", dist],
  { cwd: root, stdio: "inherit" },
);
if (result.status !== 0) {
  console.error("duban: the build failed; dist/ is incomplete. Run `npm run build` again.");
  process.exit(result.status ?? 1);
}

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".ts")) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, relative(src, from));
  cpSync(from, to);
  copied++;
}
console.log(`duban: built ${relative(root, dist)}/ (${copied} asset files copied from src/)`);
