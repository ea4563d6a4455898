import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type {
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { logger } from "../../logger.js";

export type SchemaEngine = engineBindings.SchemaEngine;

let initialised: Promise<void> | undefined;

/**
 * Instantiates the WebAssembly schema engine once per process. The package imports its
 * `.wasm` as an ES module, which Node 20 allows only behind a flag, so the bytes are
 * loaded here and bound to the package's JS glue by hand.
 */
function initialiseEngineModule(): Promise<void> {
  initialised ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm");
    const bytes = await readFile(join(dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await webAssembly().instantiate(bytes, {
      "./schema_engine_bg.js": withUnrefTimers(engineBindings),
    });
    const glue = engineBindings as unknown as { __wbg_set_wasm(exports: object): void };
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  })();
  return initialised;
}

/**
 * The engine arms 10-second timers that outlive `free()`, which kept every command alive
 * for 10 s after its work was done; unreferenced, they no longer hold the process open.
 */
function withUnrefTimers(bindings: object): object {
  const patched: Record<string, unknown> = { ...bindings };
  for (const name of Object.keys(patched)) {
    if (!name.startsWith("__wbg_setTimeout_")) continue;
    patched[name] = (callback: () => void, ms: number) => {
      const timer = setTimeout(callback, ms >>> 0);
      timer.unref();
      return timer;
    };
  }
  return patched;
}

/** Node's WebAssembly global, typed for the one call made here (the DOM lib is not loaded). */
function webAssembly(): {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: object } }>;
} {
  return (globalThis as unknown as { WebAssembly: ReturnType<typeof webAssembly> }).WebAssembly;
}

/** The schema file as the engine wants it. */
export interface SchemaSource {
  path: string;
  content: string;
}

/**
 * Runs `work` with a schema engine connected through `adapterFactory`, and frees the engine
 * afterwards (it must be freed before a client works on the same embedded database).
 */
export async function withSchemaEngine<T>(
  options: { adapterFactory: SqlMigrationAwareDriverAdapterFactory; schema?: SchemaSource },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await initialiseEngineModule();
  const connections = trackConnections(options.adapterFactory);
  const bound = bindMigrationAwareSqlAdapterFactory(connections.factory);
  const datamodels: [string, string][] | undefined = options.schema
    ? [[options.schema.path, options.schema.content]]
    : undefined;
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels },
    (line: string) => logger.trace({ engine: line }, "schema engine"),
    bound,
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await connections.disposeAll();
  }
}

/**
 * The engine does not dispose the connections it opened when it is freed; a PostgreSQL
 * pool left open keeps the process alive. Each is disposed once, here or by the engine.
 */
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const track = (adapter: SqlDriverAdapter) => {
    const dispose = adapter.dispose.bind(adapter);
    let disposed: Promise<void> | undefined;
    adapter.dispose = () => {
      disposed ??= dispose();
      return disposed;
    };
    opened.push(adapter);
    return adapter;
  };
  const tracking: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => track(await factory.connect()),
    connectToShadowDb: async () => track(await factory.connectToShadowDb()),
  };
  return {
    factory: tracking,
    async disposeAll() {
      await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
    },
  };
}

/** The engine answers "no filter" with empty lists. */
export const NO_FILTERS = { externalTables: [], externalEnums: [] };
