import { EventEmitter } from "node:events";

/**
 * Wakes this process's waiting long polls when a message of a web chat was written here.
 * It only shortens the wait: the polls read the database in any case, so a message written
 * by another instance is seen too, a little later.
 */
export interface WebNotifier {
  notify(identityId: string): void;
  /** Resolves when `identityId` is notified, after `timeoutMs`, or when `signal` aborts. */
  wait(identityId: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<void>;
}

export function createWebNotifier(): WebNotifier {
  const events = new EventEmitter();
  events.setMaxListeners(0); // one listener per open poll; their number is not a leak
  return {
    notify: (identityId) => {
      events.emit(identityId);
    },
    wait: (identityId, options) =>
      new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          events.off(identityId, done);
          options.signal?.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, options.timeoutMs);
        events.on(identityId, done);
        if (options.signal?.aborted) done();
        else options.signal?.addEventListener("abort", done);
      }),
  };
}
