/**
 * Builds one Myzel server in layer order — infrastructure, core, control plane and runner, the
 * app's dependencies, HTTP — so that no part is bound late. `stop()` takes everything down in
 * reverse order.
 */

import os from "node:os";
import { ControlPlane } from "../control/control-plane";
import { enforceBudgets } from "../core/budgets/budget-enforcer";
import { createCore } from "../core/create-core";
import type { AppDeps } from "../core/deps";
import { every } from "../core/every";
import { followEvent } from "../core/follow-events";
import { keepProviderLimits } from "../core/providers/provider-records";
import { ResultRecorder } from "../core/tasks/result-recorder";
import { allowedHostNames } from "../domain/auth/hosts";
import type { Settings } from "../env";
import { type HttpServer, listenHttp } from "../http/http-server";
import { authSecret } from "../infra/auth/auth-secret";
import { createAuth } from "../infra/auth/better-auth";
import { createBus } from "../infra/bus";
import { createEventPublisher, followEvents } from "../infra/events";
import { type Infrastructure, startInfrastructure } from "../infra/infrastructure";
import { keys } from "../infra/keys";
import type { Logger } from "../infra/logger";
import { startTracing } from "../infra/tracing";
import { Runner } from "../runner/runner";
import { loadBlueprintDirectory } from "../services/blueprints";
import { keepProducerUsers } from "../services/producers";
import { ensureAdminFromSettings } from "../services/users";

export interface MyzelServer {
  url: string;
  port: number;
  deps: AppDeps;
  infrastructure: Infrastructure;
  control: ControlPlane;
  /** The Socket.IO server of the live events. */
  io: HttpServer["io"];
  /** This host's runner, unless the server runs none (MYZEL_RUNNER_ENABLED=false). */
  runner?: Runner;
  stop(): Promise<void>;
}

export async function startMyzel(opts: { settings: Settings; log: Logger; withNext?: boolean }): Promise<MyzelServer> {
  const { settings, log } = opts;
  const tracing = await startTracing({
    endpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: "myzel-server",
    attributes: { "service.instance.id": settings.NODE_ID ?? `${os.hostname()}-${process.pid}` },
  });
  const infrastructure = await startInfrastructure(settings, log).catch(async (error) => {
    await tracing.shutdown();
    throw error;
  });
  // Stopped last (the list runs backwards): the spans of the shutdown itself go out too.
  const stops: Array<() => Promise<unknown>> = [() => tracing.shutdown(), () => infrastructure.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) => log.error({ err: error }, "error during shutdown"));
  };
  try {
    const { db, redis, redisUrl, databaseUrl, embeddedRedis } = infrastructure;
    const nodeId = settings.NODE_ID ?? `${os.hostname()}-server-${settings.PORT || process.pid}`;
    // The process's one subscriber connection: the reconciler and the runner listen on it.
    const bus = createBus(redis, log, "bus");
    stops.push(async () => bus.close());
    const events = createEventPublisher(redis, settings.EVENT_HISTORY);
    const { close: closeCore, ...core } = createCore({ db, redis, bus, settings, events, log }, nodeId);
    stops.push(closeCore);

    const recorder = new ResultRecorder({ ...core, consumer: nodeId });
    const control = new ControlPlane(core, { redisUrl, databaseUrl, embeddedRedis });
    const runner = settings.RUNNER_ENABLED
      ? new Runner({ db, redis, bus, redisUrl, settings, log, nodeId })
      : undefined;
    const publicUrl = settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`;
    const auth = createAuth({
      db,
      redis,
      settings,
      log,
      secret: authSecret(settings.AUTH_SECRET, settings.dataDir),
      baseUrl: publicUrl,
      allowedHosts: allowedHostNames(publicUrl, settings.ALLOWED_HOSTS),
    });
    const deps: AppDeps = { ...core, auth, control: control.ports };

    await ensureAdminFromSettings(db, settings, log);
    const stopProducerUsers = keepProducerUsers({ db, redis, log });
    stops.push(async () => stopProducerUsers());
    const stopProviderLimits = keepProviderLimits({ db, redis, log });
    stops.push(async () => stopProviderLimits());
    // A new day or month lifts a budget's hold without any task finishing: judged every minute.
    const budgetCheck = every(60_000, () => enforceBudgets(core), { log, name: "budget check" });
    stops.push(() => budgetCheck.stop());
    log.info(await loadBlueprintDirectory(db, settings.blueprintsDir, log), "blueprints folder loaded");
    stops.push(() => recorder.stop());
    await recorder.start();
    // Agents reach shared memory at this URL (their runner reads it when it starts one); with
    // PORT=0 the real port is known only once listening, and is written again then.
    await redis.set(keys.memoryUrl, settings.PUBLIC_URL ?? `http://${settings.HOST}:${settings.PORT}`);
    if (runner) {
      stops.push(() => runner.stop());
      await runner.start();
    }
    stops.push(() => control.stop());
    await control.start();

    const stream = await followEvents(redis, log);
    stops.push(async () => stream.close());
    stream.on((event) => followEvent(core, event));

    const http = await listenHttp({ deps, stream, withNext: opts.withNext !== false });
    stops.push(() => http.close());
    await redis.set(keys.memoryUrl, settings.PUBLIC_URL ?? http.url);
    return { url: http.url, port: http.port, io: http.io, deps, infrastructure, control, runner, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
