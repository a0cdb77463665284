import "server-only";
import { toBffError } from "./error-response";
import { upstreamAccess } from "./upstream-access";

export interface HealthReport {
  status: "ok";
  upstream: {
    mode: "embedded" | "remote" | "unknown";
    reachable: boolean;
    latency_ms?: number;
    /** The BFF error code when unreachable: no message, no URL, no key. */
    error?: string;
  };
}

/** Liveness (this process answers) and whether the Migrations API answers, with its latency. */
export async function healthReport(): Promise<HealthReport> {
  const started = performance.now();
  let mode: HealthReport["upstream"]["mode"] = "unknown";
  try {
    const access = upstreamAccess();
    mode = access.settings.mode;
    await access.client.listMigrations({ page: 1, pageSize: 1 });
    return { status: "ok", upstream: { mode, reachable: true, latency_ms: Math.round(performance.now() - started) } };
  } catch (error) {
    return { status: "ok", upstream: { mode, reachable: false, error: toBffError(error).code } };
  }
}
