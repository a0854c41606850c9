/**
 * The original design's aider example with interactive tools Debian ships: a pool of live
 * `bc -q` and `python3 -i -q` instances, where the second prompt of a session depends on the
 * first. Needs an ADMIN token (it uploads blueprints and deletes its clusters):
 *
 *   MYZEL_TOKEN=myzel_… npx tsx examples/client-app/sessions.ts http://localhost:3000
 */
import { createMyzelClient, launchCluster } from "../../src/client";

const answerOf = (task: { status: string; result?: unknown; error: string | null }) =>
  task.status === "SUCCEEDED" ? (task.result as { stdout: string }).stdout : `${task.status}: ${task.error}`;

async function main() {
  const url = process.argv[2] ?? "http://localhost:3000";
  const token = process.env.MYZEL_TOKEN;
  if (!token) throw new Error("set MYZEL_TOKEN to an API token (Admin → API tokens in the dashboard)");
  const myzel = createMyzelClient({ url, token });

  for (const tool of [
    ["bc", "-q"],
    ["python3", "-i", "-q"],
  ]) {
    // Three instances, each keeping its tool running; a session key sticks to one of them.
    const pool = await launchCluster(myzel, { tool, count: 3, mode: "session" });
    try {
      const [set, get] = tool[0] === "bc" ? ["x=41+1", "x"] : ["x = 41 + 1", "print(x)"];
      await pool.send(set, { sessionKey: "calc" });
      console.log(`${tool[0]}: ${set} then ${get} answers ${answerOf(await pool.send(get, { sessionKey: "calc" }))}`);
      console.log(`${tool[0]}: another session answers ${answerOf(await pool.send(get, { sessionKey: "other" }))}`);
      const calc = (await pool.sessions()).find((s) => s.key === "calc");
      console.log(`${tool[0]}: session calc has ${calc?.turns} turns recorded`);
    } finally {
      await pool.stop();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
