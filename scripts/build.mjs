// Builds dist/: src bundled by esbuild into dist/cli/main.js plus the chunks its lazy imports
// load (dist/chunks/), with the files the code reads beside itself at run time (the chat page,
// the dashboard's stylesheet) copied to where the source has them. One bundle instead of a few
// hundred modules: Node 20 has no module compile cache, and resolving and loading each file was
// most of a start. Type errors are `npm run typecheck`'s business: esbuild only transpiles.
//
//   node scripts/build.mjs [--out-dir <dir>]
//
// --out-dir builds elsewhere (a test builds a private copy); it must be a directory directly
// in the package root: the code finds prompts/, prisma/migrations and examples/ from there.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");

const outIndex = process.argv.indexOf("--out-dir");
const dist = outIndex >= 0 ? resolve(process.argv[outIndex + 1] ?? "") : join(root, "dist");
if (relative(root, dirname(dist)) !== "" || dist === resolve(root) || dist === src) {
  console.error(`duban: --out-dir must be a new directory directly in ${root}, not ${dist}`);
  process.exit(2);
}

let esbuild;
try {
  esbuild = await import("esbuild");
} catch {
  // `npm install --omit=dev` has no esbuild: bin/duban.js then runs the source through tsx.
  console.warn("duban: esbuild is not installed, so dist/ was not built; duban will run");
  console.warn("       its source through tsx (a slower start). `npm install` without --omit=dev");
  console.warn("       and then `npm run build` builds it.");
  process.exit(process.env.npm_lifecycle_event === "postinstall" ? 0 : 1);
}

// The Prisma client is generated TypeScript under src/generated, bundled along with the rest.
if (!existsSync(join(src, "generated", "prisma", "client.ts"))) {
  const generated = spawnSync(
    process.execPath,
    [join(root, "scripts/generate-prisma-client.mjs")],
    { cwd: root, stdio: "inherit" },
  );
  if (generated.status !== 0) process.exit(generated.status ?? 1);
}

/**
 * Code that finds files beside itself (`import.meta.url`) must still find them where the
 * source has them, now that it runs from a bundle: each use becomes the URL of the file it
 * was written in, as if compiled one to one. Every output file sits one directory below
 * dist/ (cli/main.js, chunks/*), so that URL is the same relative one from any of them.
 */
const besideItself = {
  name: "import-meta-url-of-source-file",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(src + sep)) return undefined;
      const contents = readFileSync(args.path, "utf8");
      if (!contents.includes("import.meta.url")) return { contents, loader: "ts" };
      const own = `../${relative(src, args.path).split(sep).join("/").replace(/\.ts$/, ".js")}`;
      return {
        contents: contents.replaceAll(
          "import.meta.url",
          `new URL(${JSON.stringify(own)}, import.meta.url).href`,
        ),
        loader: "ts",
      };
    });
  },
};

/**
 * Packages bundled along, except those that find files beside themselves at run time or are
 * loaded only on demand: PGlite reads its .wasm and .data, Prisma its engines' wasm, pino
 * would start its transports from files, and Bolt, ExcelJS and ECharts (large) load on first
 * use. Those stay in node_modules and are imported from there.
 */
const OUTSIDE = /^(@electric-sql\/pglite|@prisma\/|prisma$|pino$|@slack\/|exceljs$|echarts$|tsx$)/;

const packagesOutside = {
  name: "packages-outside",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const name = args.path
        .split("/")
        .slice(0, args.path.startsWith("@") ? 2 : 1)
        .join("/");
      return OUTSIDE.test(name) ? { path: args.path, external: true } : undefined;
    });
  },
};

rmSync(dist, { recursive: true, force: true });
try {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { "cli/main": join(src, "cli", "main.ts") },
    outdir: dist,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    plugins: [packagesOutside, besideItself],
    logLevel: "warning",
    // Bundled CommonJS packages require Node's built-ins, which an ES module has no `require` for.
    banner: {
      js: 'import { createRequire as __dubanCreateRequire } from "node:module"; const require = __dubanCreateRequire(import.meta.url);',
    },
  });
} catch {
  console.error("duban: the build failed; dist/ is incomplete. Run `npm run build` again.");
  process.exit(1);
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
