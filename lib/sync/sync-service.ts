import "server-only";
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { appDatabase } from "@/lib/db/connection";
import { onShutdown } from "@/lib/lifecycle/shutdown";
import { errorFields, log } from "@/lib/logging/log";
import { configuredUpstream } from "@/lib/upstream/configured-upstream";
import { SyncEngine } from "./engine";
import { syncSettings } from "./settings";

interface RunningSync {
  engine: SyncEngine;
  instanceId: string;
  stop(): Promise<void>;
}

const globalForSync = globalThis as typeof globalThis & { __syncService?: Promise<RunningSync | undefined> };

/** This process's id in the lease table: readable in health, unique per start. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Starts the sync engine once per process (at server start). Every instance runs one; the lease in
 * the database lets exactly one of them sync at a time, and another takes over when it stops.
 */
export function startSyncService(): Promise<RunningSync | undefined> {
  globalForSync.__syncService ??= (async () => {
    const settings = syncSettings();
    if (!settings.enabled) {
      log("info", "sync_disabled", { message: "SYNC_ENABLED=off: this instance only reads the mirror" });
      return undefined;
    }
    const { db } = await appDatabase();
    const upstream = configuredUpstream();
    const engine = new SyncEngine({
      db,
      client: upstream.client,
      scope: upstream.scope,
      settings,
      instanceId: INSTANCE_ID,
    });
    const controller = new AbortController();
    const running = engine.run(controller.signal);
    const stop = async () => {
      controller.abort();
      await running;
    };
    // Hand the lease over at once on SIGTERM or SIGINT, then exit as the signal would have.
    onShutdown(stop);
    return { engine, instanceId: INSTANCE_ID, stop };
  })().catch((error: unknown) => {
    globalForSync.__syncService = undefined;
    log("error", "sync_start_failed", errorFields(error));
    return undefined;
  });
  return globalForSync.__syncService;
}
