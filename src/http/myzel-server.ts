/**
 * One HTTP server for all of Myzel: Next.js pages, tRPC at /api/trpc, REST at /api/…,
 * sign-in at /api/auth, Socket.IO, /health, the OpenAPI document and the blueprint JSON
 * Schema. Every response carries the security headers, every state-changing request from
 * another site is refused, and dashboard pages need a session. `stop()` takes everything
 * down in reverse order within the configured time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { createRequestContext } from "../api/context";
import { appRouter } from "../api/root";
import type { AppDeps } from "../api/trpc";
import { ControlPlane } from "../control/control-plane";
import { crossSiteRefusal } from "../domain/auth/cross-site";
import { dashboardRedirect, isOpenAsset } from "../domain/auth/dashboard-access";
import type { Settings } from "../env";
import { authSecret } from "../infra/auth/auth-secret";
import { AUTH_BASE_PATH, CLIENT_ADDRESS_HEADER, createAuth } from "../infra/auth/better-auth";
import { createEventPublisher, subscribeToEvents } from "../infra/events";
import { type Infrastructure, startInfrastructure } from "../infra/infrastructure";
import type { Logger } from "../infra/logger";
import { createRedis } from "../infra/redis";
import { attachSocketServer } from "../infra/socket";
import { blueprintJsonSchema } from "../schemas/blueprint";
import { resolveActor } from "../services/actors";
import { loadBlueprintDirectory } from "../services/blueprints";
import { ensureAdminFromSettings, needsSetup } from "../services/users";
import { createAuthRoute } from "./auth-route";
import { healthReport } from "./health";
import { openApiDocument } from "./openapi";
import { createRestHandler } from "./rest";
import { applyHeaders, securityHeaders } from "./security-headers";
import { sendError, sendJson } from "./send";

export interface MyzelServer {
  url: string;
  port: number;
  deps: AppDeps;
  infrastructure: Infrastructure;
  control: ControlPlane;
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export async function startMyzel(opts: { settings: Settings; log: Logger; withNext?: boolean }): Promise<MyzelServer> {
  const { settings, log } = opts;
  const infrastructure = await startInfrastructure(settings, log);
  const stops: Array<() => Promise<unknown>> = [() => infrastructure.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) => log.error({ err: error }, "error during shutdown"));
  };
  try {
    const events = createEventPublisher(infrastructure.redis);
    const control = new ControlPlane({
      db: infrastructure.db,
      redis: infrastructure.redis,
      redisUrl: infrastructure.redisUrl,
      databaseUrl: infrastructure.databaseUrl,
      embeddedRedis: infrastructure.embeddedRedis,
      events,
      settings,
      log,
    });
    const publicUrl = settings.PUBLIC_URL ?? `http://localhost:${settings.PORT}`;
    const auth = createAuth({
      db: infrastructure.db,
      redis: infrastructure.redis,
      settings,
      log,
      secret: authSecret(settings.AUTH_SECRET, settings.dataDir),
      baseUrl: publicUrl,
    });
    const deps: AppDeps = {
      db: infrastructure.db,
      redis: infrastructure.redis,
      settings,
      log,
      events,
      control: control.handle,
      auth,
    };
    await ensureAdminFromSettings(deps.db, settings, log);
    const blueprints = await loadBlueprintDirectory(deps.db, settings.blueprintsDir, log);
    log.info(blueprints, "blueprints folder loaded");
    stops.push(() => control.stop());
    await control.start(deps);

    const trpc = createHTTPHandler({
      router: appRouter,
      basePath: "/api/trpc/",
      createContext: ({ req }) => createRequestContext(deps, req, "trpc"),
      maxBodySize: settings.MAX_BODY_BYTES,
      onError: ({ error, path: procedure }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") log.error({ err: error.cause ?? error, procedure }, "tRPC error");
      },
    });
    const rest = createRestHandler(deps);
    const authRoute = createAuthRoute(auth, settings.MAX_BODY_BYTES);
    const next = opts.withNext === false ? undefined : await prepareNext(settings);
    const headers = securityHeaders({ dev: settings.dev, https: publicUrl.startsWith("https://") });
    const publicOrigin = settings.PUBLIC_URL ? new URL(settings.PUBLIC_URL).origin : undefined;
    const setup = setupState(deps);

    const server = createServer();
    const route: Handler = async (req, res) => {
      applyHeaders(res, headers);
      // Who is on the other end, for the audit log and the sign-in rate limit; a client cannot set it.
      req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
      const refusal = crossSiteRefusal({
        method: req.method ?? "GET",
        host: req.headers.host,
        origin: req.headers.origin,
        secFetchSite: single(req.headers["sec-fetch-site"]),
        publicOrigin,
      });
      if (refusal) return sendError(res, 403, "FORBIDDEN", refusal);
      const url = new URL(req.url ?? "/", "http://localhost");
      const pathname = url.pathname;
      if (pathname === "/health")
        return sendJson(res, 200, await healthReport(deps, { leader: control.lease.isLeader }));
      if (pathname.startsWith(`${AUTH_BASE_PATH}/`)) return authRoute(req, res);
      if (pathname.startsWith("/api/trpc/")) return trpc(req, res);
      if (pathname === "/api/openapi.json") return sendJson(res, 200, openApiDocument(originOf(req)));
      if (pathname === "/schemas/blueprint.json")
        return sendJson(res, 200, blueprintJsonSchema(), { "Cache-Control": "public, max-age=300" });
      if (pathname === "/api" || pathname.startsWith("/api/")) return rest(req, res);
      if (next) {
        const signedIn = async () => (await resolveActor(deps, { cookie: req.headers.cookie })).actor !== null;
        const redirect = isOpenAsset(pathname)
          ? null
          : dashboardRedirect(url, { needsSetup: await setup.needed(), signedIn: await signedIn() });
        if (redirect) {
          res.writeHead(302, { Location: redirect, "Cache-Control": "no-store" });
          return void res.end();
        }
        return next.handle(req, res);
      }
      return sendError(res, 404, "NOT_FOUND", `no route for ${pathname}`);
    };
    server.on("request", (req, res) => {
      Promise.resolve(route(req, res)).catch((error) => {
        log.error({ err: error, url: req.url }, "request failed");
        if (!res.headersSent) sendError(res, 500, "INTERNAL_SERVER_ERROR", "internal error (see the server log)");
        else res.end();
      });
    });

    const subscriber = createRedis(infrastructure.redisUrl, "events");
    subscriber.on("error", (error) => log.warn({ err: error.message }, "redis subscriber error"));
    stops.push(async () => void subscriber.disconnect());
    const stream = await subscribeToEvents(subscriber, (raw) =>
      log.warn({ raw: raw.slice(0, 200) }, "ignored a malformed event on the event channel"),
    );
    stream.on((event) => {
      if (event.type === "tasks.finished") control.handle.waiters.happened(event.tasks.map((t) => t.id));
      if (event.type === "cluster.status") control.handle.waiters.happened([`${event.clusterId}:${event.to}`]);
      if (event.type === "cluster.status" || event.type === "cluster.agents" || event.type === "agent.status")
        control.handle.dispatcher.invalidate(event.clusterId);
      if (event.type === "cluster.status" && (event.to === "DESTROYED" || event.to === "HIBERNATED"))
        control.handle.dispatcher.forget(event.clusterId);
    });
    const sockets = attachSocketServer(server, stream, {
      authenticate: async (requestHeaders) => (await resolveActor(deps, requestHeaders)).actor,
      publicOrigin,
      recheckMs: settings.SOCKET_RECHECK_MS,
      redis: infrastructure.redis,
    });
    if (next?.upgrade) {
      const upgrade = next.upgrade;
      server.on("upgrade", (req, socket, head) => {
        if (!req.url?.startsWith("/socket.io")) void upgrade(req, socket, head);
      });
    }

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(settings.PORT, settings.HOST, () => resolve());
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          void sockets.close();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : settings.PORT;
    const host = settings.HOST === "0.0.0.0" || settings.HOST === "::" ? "localhost" : settings.HOST;
    return { url: `http://${host}:${port}`, port, deps, infrastructure, control, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Whether Myzel still needs its first admin; once it has one it always will, so that answer is kept. */
function setupState(deps: AppDeps) {
  let done = false;
  return {
    async needed() {
      if (done) return false;
      done = !(await needsSetup(deps.db));
      return !done;
    },
  };
}

function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function originOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "localhost"}`;
}

async function prepareNext(settings: Settings) {
  const { default: next } = await import("next");
  const app = next({
    dev: settings.dev,
    dir: path.resolve(import.meta.dirname, "../.."),
    hostname: settings.HOST,
    port: settings.PORT,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handle: (req: IncomingMessage, res: ServerResponse) => handle(req, res),
    upgrade: settings.dev ? app.getUpgradeHandler() : undefined,
  };
}
