import "server-only";
import { readEnv } from "@/lib/config/env";
import { appDatabase } from "@/lib/db/connection";
import { onShutdown } from "@/lib/lifecycle/shutdown";
import { errorFields, log } from "@/lib/logging/log";
import { INSTANCE_ID } from "@/lib/sync/sync-service";
import { AlertService } from "./alert-service";
import { configuredTargets, readAlertsSetup } from "./config";

interface RunningAlerts {
  service: AlertService;
  stop(): Promise<void>;
}

const globalForAlerts = globalThis as typeof globalThis & { __alertService?: Promise<RunningAlerts | undefined> };

/**
 * Starts the alerts once per process (at server start, like the sync): every instance runs the
 * service, the "alerts" lease lets one of them evaluate and send. Without a target configured it
 * does nothing; with a bad configuration it logs what is wrong (the Alerts page says it too) and
 * the server goes on without alerts.
 */
export function startAlertService(): Promise<RunningAlerts | undefined> {
  globalForAlerts.__alertService ??= (async () => {
    const setup = readAlertsSetup();
    if (setup.state === "off") {
      log("info", "alerts_off", { message: "no alert target configured: see the Alerts page or the README" });
      return undefined;
    }
    if (setup.state === "invalid") {
      log("error", "alerts_config_invalid", { message: setup.error });
      return undefined;
    }
    const { config } = setup;
    const { db } = await appDatabase();
    const service = new AlertService({
      db,
      config,
      instanceId: INSTANCE_ID,
      leaseMs: readEnv("SYNC_LEASE_MS"),
      startMs: Date.now() - Math.round(process.uptime() * 1000),
    });
    log("info", "alerts_on", {
      targets: configuredTargets(config).join(","),
      rules: config.rules.join(","),
      companies: config.companies ? config.companies.length : "all",
      links: config.appUrl ? "on" : "off: APP_URL is unset",
    });
    const controller = new AbortController();
    const running = service.run(controller.signal);
    const stop = async () => {
      controller.abort();
      await running;
    };
    // Gives the lease up on SIGTERM or SIGINT, together with the sync, then the process exits.
    onShutdown(stop);
    return { service, stop };
  })().catch((error: unknown) => {
    globalForAlerts.__alertService = undefined;
    log("error", "alerts_start_failed", errorFields(error));
    return undefined;
  });
  return globalForAlerts.__alertService;
}
