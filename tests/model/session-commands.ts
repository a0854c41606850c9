/**
 * A live tool session as a step of the lifecycle: the team blueprint's lead keeps `bc` running
 * (session mode), and two dependent prompts to a new session key must give the dependent
 * answer — or, if the lead's tool or agent was lost in between, say so instead of answering
 * from a fresh state as if nothing happened.
 */
import { randomUUID } from "node:crypto";
import type { TaskDto } from "../../src/schemas/task-api";
import { checkPrediction, InvariantError } from "./checks";
import { type Cmd, label, pick } from "./command-base";
import type { LifecycleModel } from "./model";
import type { RealRun } from "./real";
import { recordAccepted } from "./task-commands";

/** The role of TEAM_BLUEPRINT that runs bc in session mode. */
export const SESSION_ROLE = "lead";

export class SessionStep implements Cmd {
  private resolved = "?";
  constructor(readonly index: number) {}
  check = (m: Readonly<LifecycleModel>) => sessionClusters(m).length > 0;

  async run(m: LifecycleModel, r: RealRun) {
    const c = pick(sessionClusters(m), this.index);
    this.resolved = label(m, c);
    const sessionKey = `model-${randomUUID().slice(0, 8)}`;
    const ask = async (prompt: string) => {
      const reply = await r.api.call<TaskDto>("POST", `/api/clusters/${c.id}/tasks`, {
        role: SESSION_ROLE,
        payload: { prompt },
        sessionKey,
        waitMs: 30_000,
      });
      checkPrediction(`session prompt "${prompt}" to ${SESSION_ROLE} of ${this.resolved}`, { ok: true }, reply);
      await recordAccepted(m, r, c, SESSION_ROLE, [reply.body.id]);
      return reply.body;
    };
    await ask("x=41+1");
    const read = await ask("x");
    const result = read.result as { stdout?: string; session?: { lost?: string } } | null;
    // Cut short by a fault of an earlier step (its agent restarting): the end checks follow it.
    if (read.status !== "SUCCEEDED") return;
    const told = !!result?.session?.lost;
    if (result?.stdout !== "42" && !(told && result?.stdout === "0"))
      throw new InvariantError(
        "session-continuity",
        `${this}: expected bc's session to answer 42 (or say its state was lost), observed ${JSON.stringify(result)}`,
      );
  }
  toString = () => `sessionStep(${this.resolved})`;
}

function sessionClusters(m: Readonly<LifecycleModel>) {
  return m.live().filter((c) => c.status === "ACTIVE" && c.blueprint.roles.some((role) => role.role === SESSION_ROLE));
}
