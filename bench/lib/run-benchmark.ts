/**
 * Runs a benchmark's main function so that what it started (servers, browsers, a data folder) never
 * outlives it: `cleanUp` runs after success, after an error, and on Ctrl-C or SIGTERM.
 */
function reportError(error: unknown): void {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
}

export function runBenchmark(main: () => Promise<void>, cleanUp: () => Promise<void>, whatStops: string): void {
  // `on`, not `once`: npm and tsx relay the same Ctrl-C again, and a second, unhandled one would kill
  // this process in the middle of its clean-up.
  let interrupted = false;
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.error(`\n${signal}: ${whatStops}.`);
      cleanUp()
        .catch(reportError)
        .finally(() => process.exit(code));
    });
  }

  main()
    // After an interrupt the failing steps are expected, not errors worth a stack trace.
    .catch((error: unknown) => (interrupted ? undefined : reportError(error)))
    .finally(() => cleanUp().catch(reportError));
}
