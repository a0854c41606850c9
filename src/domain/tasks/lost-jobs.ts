/**
 * When is a task whose queue job has vanished lost, rather than finished with its report still
 * on the way? An agent writes its report before its job completes (and is removed), so a job
 * that is gone while the task is open means either a report the recorder has not read yet, or
 * work that nobody will ever report (Redis lost the job, the agent's queue was emptied). The
 * task counts as lost once its job has been missing for `confirmMs` and the result recorder
 * has read past everything that was in the results stream when the job was first missed.
 */

/** A job found missing: when, and the results stream's newest entry id at that moment. */
export interface Suspect {
  since: number;
  streamMark: string;
}

export interface LostJudgement {
  suspects: Map<string, Suspect>;
  lost: string[];
}

/** Compares Redis stream ids ("<ms>-<seq>"). */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split("-").map(Number);
  const [bMs = 0, bSeq = 0] = b.split("-").map(Number);
  return aMs - bMs || aSeq - bSeq;
}

/**
 * `missing`: the work (task id and attempt) whose job is gone now. Suspects that are no longer
 * missing are forgotten; new ones are marked with the stream's current end.
 */
export function judgeMissingJobs(input: {
  previous: ReadonlyMap<string, Suspect>;
  missing: readonly string[];
  now: number;
  streamEnd: string;
  recorderReadTo: string;
  confirmMs: number;
}): LostJudgement {
  const suspects = new Map<string, Suspect>();
  const lost: string[] = [];
  for (const key of input.missing) {
    const earlier = input.previous.get(key);
    if (!earlier) {
      suspects.set(key, { since: input.now, streamMark: input.streamEnd });
    } else if (
      input.now - earlier.since >= input.confirmMs &&
      compareStreamIds(input.recorderReadTo, earlier.streamMark) >= 0
    ) {
      lost.push(key);
    } else {
      suspects.set(key, earlier);
    }
  }
  return { suspects, lost };
}
