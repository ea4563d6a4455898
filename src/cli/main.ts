import { cliLocale, createCliContext } from "./cli-context.js";
import { buildProgram, langFlag, runProgram } from "./program.js";

// `duban jobs plan | head`: the reader went away, which ends the output, not the command line
// with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

const argv = process.argv.slice(2);
const context = createCliContext(cliLocale(langFlag(argv)));
const program = buildProgram(context, { forward: { argv } });
process.exitCode = await runProgram({ program, context, argv });
