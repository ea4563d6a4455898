/**
 * Decides which instance dispatches a platform's outbox. Only the leader sends, so the
 * platform's rate limits, kept in its process, hold in total however many instances run; the
 * others stand by and one takes over when the leader goes.
 */
export interface DispatcherElection {
  /**
   * Whether another instance may lead, or have led a moment ago: the new leader then waits
   * out the limits' window before sending. False where only one process can exist.
   */
  readonly shared: boolean;
  /** Tries to take the lead for `role`; true while this instance leads it. */
  tryLead(role: string): Promise<boolean>;
  /** Gives the lead up (on shutdown). */
  resign(role: string): Promise<void>;
  /** Called with each role this instance lost without resigning (its connection dropped). */
  onLost(listener: (role: string) => void): void;
  /** Tells the leader of `role` (wherever it runs) that messages were queued. */
  signal(role: string): void;
  /** Called when another instance signalled `role` while this one leads it. */
  onSignal(listener: (role: string) => void): void;
  close(): Promise<void>;
}

/**
 * The election of a database only one process can open (embedded PGlite): this process
 * always leads, and there is nobody to signal.
 */
export function singleProcessElection(): DispatcherElection {
  return {
    shared: false,
    tryLead: async () => true,
    resign: async () => {},
    onLost: () => {},
    signal: () => {},
    onSignal: () => {},
    close: async () => {},
  };
}
