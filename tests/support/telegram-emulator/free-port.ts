import net from "node:net";

/** The only interface the harness listens on. */
export const HOST = "127.0.0.1";

/** A loopback port free right now; it may be taken before it is used, so callers retry. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", reject).listen(0, HOST, resolve);
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
