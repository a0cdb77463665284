/**
 * One way out on SIGTERM and SIGINT for the services started with the server (the sync, the
 * alerts): each registers what it must do on the way out (give its lease up), and on the first
 * signal all of them run together, then the process exits as the signal would have. A service
 * that listened for the signal itself would either keep the process alive (Node does not exit on
 * a signal someone listens for) or end it under another service's feet.
 */
type Task = () => Promise<void>;

interface SignalSource {
  once(signal: "SIGTERM" | "SIGINT", listener: () => void): unknown;
}

interface Shutdown {
  tasks: Set<Task>;
  listening: boolean;
  running?: Promise<void>;
}

const registry = globalThis as typeof globalThis & { __shutdown?: Shutdown };

/** Runs every registered task (a failing one does not hold up the others), then `exit(0)`, once. */
export function runShutdown(exit: (code: number) => void = (code) => process.exit(code)): Promise<void> {
  const shutdown = state();
  shutdown.running ??= Promise.allSettled([...shutdown.tasks].map((task) => task())).then(() => exit(0));
  return shutdown.running;
}

/** Registers a task for the way out; the first call also starts listening for the signals. */
export function onShutdown(task: Task, source: SignalSource = process, exit?: (code: number) => void): () => void {
  const shutdown = state();
  shutdown.tasks.add(task);
  if (!shutdown.listening) {
    shutdown.listening = true;
    for (const signal of ["SIGTERM", "SIGINT"] as const) source.once(signal, () => void runShutdown(exit));
  }
  return () => {
    shutdown.tasks.delete(task);
  };
}

function state(): Shutdown {
  registry.__shutdown ??= { tasks: new Set(), listening: false };
  return registry.__shutdown;
}

/** For tests: forgets every task and listener registration. */
export function resetShutdownForTests(): void {
  registry.__shutdown = undefined;
}
