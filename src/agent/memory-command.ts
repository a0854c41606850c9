/**
 * `myzel-memory`: the shared-memory command on the PATH of an agent's tools. It reaches the server
 * with the agent's memory credential (MYZEL_MEMORY_URL, MYZEL_MEMORY_TOKEN), so a tool can use
 * exactly the namespaces of its agent's role and nothing else. Prints JSON; exit 0 on success,
 * 1 on an error, 2 on a usage mistake, 3 when a compare-and-set lost (the version moved on).
 */
import { parseArgs } from "node:util";
import { MemoryError, memoryClient, updateValue } from "./memory-client";

export const MEMORY_COMMAND = "myzel-memory";

const USAGE = `usage: myzel-memory <command> [options]
  get <key>                       read a value
  put <key> <json>                write a value (--version N: only if still at N; --ttl seconds)
  add <key> <number>              add to a number, retrying compare-and-set until it wins
  delete <key>                    delete a value (--version N)
  remember <text>                 store a document (--title, --tag repeated); "-" reads stdin
  search <query>                  find documents (--limit N, --tag repeated)
  every command takes --namespace <name> (default: the agent's own, or MYZEL_MEMORY_NAMESPACE)`;

export async function runMemoryCommand(
  args: string[],
  env: NodeJS.ProcessEnv,
  io: { out: (text: string) => void; err: (text: string) => void; stdin: () => Promise<string> },
): Promise<number> {
  if (!env.MYZEL_MEMORY_URL || !env.MYZEL_MEMORY_TOKEN) {
    io.err("myzel-memory: this agent has no shared memory (MYZEL_MEMORY_URL and MYZEL_MEMORY_TOKEN are not set)\n");
    return 1;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.err(`myzel-memory: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, first, second] = positionals;
  const namespace = values.namespace ?? (env.MYZEL_MEMORY_NAMESPACE || undefined);
  const version = values.version === undefined ? undefined : Number(values.version);
  const memory = memoryClient({ url: env.MYZEL_MEMORY_URL, token: env.MYZEL_MEMORY_TOKEN });
  const text = async (value: string | undefined) => (value === "-" ? io.stdin() : value);
  const need = (value: string | undefined, what: string) => {
    if (value === undefined) throw new UsageError(`${command} needs ${what}`);
    return value;
  };
  try {
    let result: unknown;
    switch (command) {
      case "get":
        result = await memory.get(need(first, "a key"), namespace);
        break;
      case "put":
        result = await memory.put(need(first, "a key"), JSON.parse(need(await text(second), "a JSON value")), {
          namespace,
          expectedVersion: version,
          ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
        });
        break;
      case "add": {
        const amount = Number(need(second, "a number"));
        result = await updateValue(memory, need(first, "a key"), (current) => Number(current ?? 0) + amount, {
          namespace,
        });
        break;
      }
      case "delete":
        result = await memory.delete(need(first, "a key"), { namespace, expectedVersion: version });
        break;
      case "remember":
        result = await memory.remember(need(await text(first), "a text"), {
          namespace,
          title: values.title,
          tags: values.tag,
        });
        break;
      case "search":
        result = await memory.search(need(first, "a query"), {
          namespace,
          limit: values.limit === undefined ? undefined : Number(values.limit),
          tags: values.tag,
        });
        break;
      default:
        throw new UsageError(command ? `unknown command "${command}"` : "no command");
    }
    io.out(`${JSON.stringify(result)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyntaxError) {
      io.err(`myzel-memory: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    io.err(`myzel-memory: ${(error as Error).message}\n`);
    return error instanceof MemoryError && error.status === 409 ? 3 : 1;
  }
}

class UsageError extends Error {}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      namespace: { type: "string" },
      version: { type: "string" },
      ttl: { type: "string" },
      title: { type: "string" },
      tag: { type: "string", multiple: true },
      limit: { type: "string" },
    },
  });
}

/** Reads all of stdin (for "-"). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
