/** What duban does before it is ready to serve: in the order `duban start` does it. */
export const READINESS_STEPS = ["database", "platforms", "scheduler"] as const;
export type ReadinessStep = (typeof READINESS_STEPS)[number];

/** Where duban is in its life, as `/readyz` tells it. */
export type ReadinessState =
  | { status: "starting"; waitingFor: ReadinessStep[] }
  | { status: "ready" }
  | { status: "stopping" };

/**
 * Whether duban is ready (`/readyz`): every step done, and not stopping. The composition
 * root marks each step as it finishes and `stopping()` as shutdown begins; stopping is for
 * good, so a step finishing late cannot make a stopping duban ready again.
 *
 * @example
 * const readiness = createReadiness();
 * readiness.done("database");
 * readiness.state(); // { status: "starting", waitingFor: ["platforms", "scheduler"] }
 */
export interface Readiness {
  done(step: ReadinessStep): void;
  stopping(): void;
  state(): ReadinessState;
}

export function createReadiness(): Readiness {
  const finished = new Set<ReadinessStep>();
  let stopping = false;
  return {
    done(step) {
      finished.add(step);
    },
    stopping() {
      stopping = true;
    },
    state() {
      if (stopping) return { status: "stopping" };
      const waitingFor = READINESS_STEPS.filter((step) => !finished.has(step));
      return waitingFor.length > 0 ? { status: "starting", waitingFor } : { status: "ready" };
    },
  };
}
