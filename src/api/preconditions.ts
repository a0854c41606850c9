/**
 * A REST call's `If-Match` as the services take it. tRPC calls carry none: a tRPC batch shares
 * its headers among all its calls, so a tag there could not say which resource it is for.
 */
import { type IfMatch, parseIfMatch } from "../domain/http/etag";
import { AppError } from "../services/app-error";
import type { Context } from "./trpc";

/** The precondition of the call; undefined when there is none (or `*`: any existing resource). */
export function ifMatchOf(ctx: Pick<Context, "ifMatch">): IfMatch | undefined {
  if (ctx.ifMatch === undefined) return undefined;
  const condition = parseIfMatch(ctx.ifMatch);
  if (condition === null) {
    throw new AppError("BAD_REQUEST", 'the If-Match header must be * or a list of entity tags such as "v3"', [
      { path: "If-Match", message: "not a list of quoted entity tags" },
    ]);
  }
  // The resource exists whenever a service gets this far (a missing one is a 404 first).
  return condition.any ? undefined : condition;
}
