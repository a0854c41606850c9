/**
 * One HTTP server for all of Myzel: Next.js pages, tRPC at /api/trpc, REST at /api/…,
 * sign-in at /api/auth, Socket.IO, /health, the OpenAPI and AsyncAPI documents and the
 * blueprint JSON Schema. Every response carries the security headers, every state-changing request from
 * another site is refused (except with an API token from an origin in MYZEL_CORS_ORIGINS, which
 * gets CORS), and dashboard pages need a session.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import type { AppDeps } from "../core/deps";
import { bearerToken } from "../domain/auth/api-token";
import { clientAddress } from "../domain/auth/client-address";
import { crossSiteRefusal } from "../domain/auth/cross-site";
import { dashboardRedirect, isOpenAsset } from "../domain/auth/dashboard-access";
import { allowedHostNames, hostRefusal } from "../domain/auth/hosts";
import { methodDecision } from "../domain/http/methods";
import type { Settings } from "../env";
import { AUTH_BASE_PATH, CLIENT_ADDRESS_HEADER } from "../infra/auth/better-auth";
import type { EventStream } from "../infra/events";
import { attachSocketServer, type SocketServer } from "../infra/socket";
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableMessage, unavailableService } from "../infra/unavailable";
import { blueprintJsonSchema } from "../schemas/blueprint";
import { CONTROL_JOB_SCHEMA_PATH, controlJobJsonSchema } from "../schemas/control-tasks";
import { resolveActor } from "../services/actors";
import { healthReport } from "../services/health-report";
import { needsSetup } from "../services/users";
import { asyncApiDocument } from "./asyncapi";
import { createAuthRoute } from "./auth-route";
import { answerCors } from "./cors";
import { createMetricsRoute, METRICS_PATH } from "./metrics-route";
import { openApiDocument } from "./openapi";
import { sendProblem } from "./problem";
import { createRestHandler } from "./rest";
import { applyHeaders, securityHeaders } from "./security-headers";
import { sendJson, withGetLength } from "./send";
import { createTrpcHandler } from "./trpc-handler";
import { trustedProxies } from "./trusted-proxies";

export interface HttpServerOptions {
  deps: AppDeps;
  /** The events every server publishes, for Socket.IO. */
  stream: EventStream;
  /** Whether to serve the dashboard (Next.js) too. */
  withNext: boolean;
}

export interface HttpServer {
  url: string;
  port: number;
  /** The Socket.IO server of the live events. */
  io: SocketServer["io"];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Documents served besides the REST API: read-only (GET and HEAD). */
const DOCUMENT_ROUTES = [
  "/health",
  METRICS_PATH,
  "/api/openapi.json",
  "/api/asyncapi.json",
  "/schemas/blueprint.json",
].map((path) => ({ method: "GET", path }));

/** Serves every route on the configured host and port; resolves once it listens. */
export async function listenHttp({ deps, stream, withNext }: HttpServerOptions): Promise<HttpServer> {
  const { settings, log } = deps;
  let port = settings.PORT;
  // Where browsers and the OpenAPI document reach Myzel: the public URL, never the Host header.
  const publicUrl = () => settings.PUBLIC_URL ?? `http://localhost:${port}`;
  const allowedHosts = allowedHostNames(publicUrl(), settings.ALLOWED_HOSTS);
  const isTrustedProxy = trustedProxies(settings.TRUSTED_PROXIES);
  const trpc = createTrpcHandler(deps);
  const rest = createRestHandler(deps);
  const authRoute = createAuthRoute(deps, publicUrl());
  const metrics = createMetricsRoute(deps);
  const next = withNext ? await prepareNext(settings) : undefined;
  const headers = securityHeaders({ dev: settings.dev, https: publicUrl().startsWith("https://") });
  const publicOrigin = settings.PUBLIC_URL ? new URL(settings.PUBLIC_URL).origin : undefined;
  const setup = setupState(deps);

  const server = createServer();
  const route: Handler = async (req, res) => {
    applyHeaders(res, headers);
    if (req.method === "HEAD") withGetLength(res);
    // Before anything else: a name Myzel was not told about (DNS rebinding), or no name at all.
    const misdirected = hostRefusal(req.headers.host, allowedHosts);
    if (misdirected) {
      const code = misdirected.status === 400 ? "BAD_REQUEST" : "MISDIRECTED_REQUEST";
      return sendProblem(res, misdirected.status, code, misdirected.message);
    }
    // Who is on the other end, for the audit log and rate limits; a client cannot set it, and
    // X-Forwarded-For counts only from MYZEL_TRUSTED_PROXIES.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
      req.socket.remoteAddress ?? "",
      single(req.headers["x-forwarded-for"]),
      isTrustedProxy,
    );
    const url = new URL(req.url ?? "/", "http://localhost");
    const pathname = url.pathname;
    // Sign-in is the dashboard's alone: other origins call the API with tokens.
    const api = pathname.startsWith("/api/") && !pathname.startsWith(`${AUTH_BASE_PATH}/`);
    if (api && answerCors(req, res, settings.CORS_ORIGINS)) return;
    // The Host is one Myzel answers to now, so an Origin naming it is this site (CSRF).
    const refusal = crossSiteRefusal({
      method: req.method ?? "GET",
      host: req.headers.host,
      origin: req.headers.origin,
      secFetchSite: single(req.headers["sec-fetch-site"]),
      publicOrigin,
      bearer: bearerToken(single(req.headers.authorization)) !== undefined,
      corsOrigins: settings.CORS_ORIGINS,
    });
    if (refusal) return sendProblem(res, 403, "FORBIDDEN", refusal);
    const document = methodDecision(DOCUMENT_ROUTES, req.method ?? "GET", pathname);
    if (document.kind === "not-allowed" || document.kind === "options") {
      const allow = document.allow.join(", ");
      if (document.kind === "options") return void res.writeHead(204, { Allow: allow }).end();
      return sendProblem(res, 405, "METHOD_NOT_ALLOWED", `${pathname} takes ${allow}`, { headers: { Allow: allow } });
    }
    if (pathname === "/health")
      return sendJson(res, 200, await healthReport(deps, { leader: deps.control.isLeader() }));
    if (pathname === METRICS_PATH) return metrics(req, res);
    if (pathname.startsWith(`${AUTH_BASE_PATH}/`)) return authRoute(req, res);
    if (pathname.startsWith("/api/trpc/")) return trpc(req, res);
    if (pathname === "/api/openapi.json") return sendJson(res, 200, openApiDocument(publicUrl()));
    if (pathname === "/api/asyncapi.json") return sendJson(res, 200, asyncApiDocument(publicUrl()));
    if (pathname === "/schemas/blueprint.json")
      return sendJson(res, 200, blueprintJsonSchema(), { "Cache-Control": "public, max-age=300" });
    if (pathname === CONTROL_JOB_SCHEMA_PATH)
      return sendJson(res, 200, controlJobJsonSchema(), { "Cache-Control": "public, max-age=300" });
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
    return sendProblem(res, 404, "NOT_FOUND", `no route for ${pathname}`);
  };
  server.on("request", (req, res) => {
    Promise.resolve(route(req, res)).catch((error) => {
      const unavailable = unavailableService(error);
      if (unavailable)
        log.warn({ err: (error as Error).message, url: req.url }, "request failed: a service is out of reach");
      else log.error({ err: error, url: req.url }, "request failed");
      if (res.headersSent) return void res.end();
      if (!unavailable) return sendProblem(res, 500, "INTERNAL_SERVER_ERROR", "internal error (see the server log)");
      sendProblem(res, 503, "SERVICE_UNAVAILABLE", unavailableMessage(unavailable), {
        headers: { "Retry-After": String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      });
    });
  });

  const sockets = attachSocketServer(server, stream, {
    authenticate: async (requestHeaders) => (await resolveActor(deps, requestHeaders)).actor,
    hostRefusal: (host) => hostRefusal(host, allowedHosts)?.message ?? null,
    publicOrigin,
    recheckMs: settings.SOCKET_RECHECK_MS,
  });
  if (next?.upgrade) {
    const upgrade = next.upgrade;
    server.on("upgrade", (req, socket, head) => {
      if (!req.url?.startsWith("/socket.io")) void upgrade(req, socket, head);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => {
      void sockets.close();
      reject(error);
    });
    server.listen(settings.PORT, settings.HOST, () => resolve());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : settings.PORT;
  const host = settings.HOST === "0.0.0.0" || settings.HOST === "::" ? "localhost" : settings.HOST;
  return {
    url: `http://${host}:${port}`,
    port,
    io: sockets.io,
    close: () =>
      new Promise<void>((resolve) => {
        void sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
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

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
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
