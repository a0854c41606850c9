/**
 * `Idempotency-Key` on the routes whose meta says `idempotent` (task submit, batch submit,
 * cluster create): the first request with a key runs and its successful answer is kept; the
 * same request again from the same caller gets that answer (status, body, Location) with
 * `Idempotent-Replayed: true` and nothing is done twice. The key with another request is a 422,
 * the same request while the first still runs a 409 with `Retry-After`. Other routes ignore
 * the header; a call without a caller is left to the procedure to refuse.
 */

import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { requestActor } from "../api/context";
import type { AppDeps } from "../core/deps";
import { IDEMPOTENCY_HEADER, idempotencyKeyProblem, keepsAnswer } from "../domain/http/idempotency";
import { claimKey, type KeyRef, keepAnswer, releaseKey } from "../services/idempotency-keys";
import { sendProblem } from "./problem";
import type { RestRequest } from "./rest-body";
import type { RestRoute } from "./rest-routes";

type Run = (res: ServerResponse) => Promise<void>;

export function idempotencyStep(deps: AppDeps) {
  return async (req: RestRequest, res: ServerResponse, route: RestRoute, run: Run): Promise<void> => {
    const header = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
    if (!route.meta.idempotent || header === undefined) return run(res);
    const problem = idempotencyKeyProblem(header);
    if (problem) return sendProblem(res, 400, "BAD_REQUEST", problem);
    const { actor } = await requestActor(deps, req);
    if (!actor) return run(res);
    const ref: KeyRef = { actor: `${actor.type}:${actor.id}`, key: header as string };
    const claim = await claimKey(deps.db, ref, fingerprint(req));
    switch (claim.kind) {
      case "replay": {
        const { status, location, body } = claim.answer;
        res.writeHead(status, {
          "Content-Type": "application/json",
          "Idempotent-Replayed": "true",
          ...(location ? { Location: location } : {}),
        });
        return void res.end(body);
      }
      case "mismatch":
        return sendProblem(
          res,
          422,
          "UNPROCESSABLE_CONTENT",
          `${IDEMPOTENCY_HEADER} "${ref.key}" was used for another request; send a new key for a new request`,
        );
      case "in-flight":
        return sendProblem(
          res,
          409,
          "CONFLICT",
          `a request with ${IDEMPOTENCY_HEADER} "${ref.key}" is still running; try again shortly for its answer`,
          { headers: { "Retry-After": "1" } },
        );
      case "run":
        return run(keepingAnswer(deps, res, ref, claim.claimedAt));
    }
  };
}

/** The request as far as a key must match it: method, path with query, and the parsed body. */
function fingerprint(req: RestRequest): string {
  return createHash("sha256")
    .update(JSON.stringify([req.method, req.url, req.body ?? null]))
    .digest("hex");
}

/**
 * The response, kept (or the key released) before it is sent: a retry that arrives the moment
 * the client has the answer finds it kept, never still running.
 */
function keepingAnswer(deps: AppDeps, res: ServerResponse, ref: KeyRef, claimedAt: Date): ServerResponse {
  const end = res.end.bind(res) as (body?: string) => ServerResponse;
  res.end = ((body?: string) => {
    const status = res.statusCode;
    const location = res.getHeader("location");
    const settle = keepsAnswer(status)
      ? keepAnswer(deps.db, ref, claimedAt, {
          status,
          location: typeof location === "string" ? location : null,
          body: body ?? "",
        })
      : releaseKey(deps.db, ref, claimedAt);
    void settle
      .catch((error: Error) => deps.log.error({ err: error, key: ref.key }, "could not keep an idempotent answer"))
      .finally(() => end(body));
    return res;
  }) as ServerResponse["end"];
  return res;
}
