/**
 * Which Redis ACL rules each kind of Redis user gets: an agent (its own queue, its cluster's
 * control queue, its heartbeat and control channel, appending to the results stream, reading
 * results and waiting on its subtasks) and a producer (adding jobs to the control queues of
 * the clusters it is allowed). Pure: the rules are a function of ids and key names only, so the
 * same agent gets the same rules whoever creates its user, and the test below reads them whole.
 */
import { GLOBAL_BUDGET_SCOPE, keys, QUEUE_PREFIX } from "../keys";

/** Every agent's Redis user is named so (a prefix Myzel owns: it may drop users it finds under it). */
export const AGENT_USER_PREFIX = "myzel-agent-";
export const PRODUCER_USER_PREFIX = "myzel-producer-";

export const agentUserName = (agentId: string) => `${AGENT_USER_PREFIX}${agentId}`;
export const producerUserName = (producerId: string) => `${PRODUCER_USER_PREFIX}${producerId}`;

/** The agent id of an agent's user name, or undefined for any other user. */
export function agentIdOfUser(user: string): string | undefined {
  return user.startsWith(AGENT_USER_PREFIX) ? user.slice(AGENT_USER_PREFIX.length) : undefined;
}

/** Every key of a BullMQ queue under Myzel's prefix. */
const queueKeys = (queue: string) => `${QUEUE_PREFIX}:${queue}:*`;

/**
 * What BullMQ runs on a queue's keys: the commands its Lua scripts call (Redis checks each one
 * a script calls against the caller's rules), the blocking wait for new jobs, and its
 * transactions. Taken from BullMQ 6's scripts and checked against `ACL LOG` with a live agent.
 */
const QUEUE_COMMANDS = [
  "evalsha",
  "eval",
  "multi",
  "exec",
  "discard",
  "bzpopmin",
  ...["del", "unlink", "exists", "type", "rename", "pexpire", "pexpireat", "pttl", "time"],
  ...["get", "set", "incr", "incrby"],
  ...["hget", "hset", "hmget", "hmset", "hgetall", "hdel", "hexists", "hincrby", "hlen"],
  ...["lpush", "rpush", "lpop", "rpop", "rpoplpush", "llen", "lrange", "lrem", "ltrim", "lindex", "lpos", "lset"],
  ...["sadd", "srem", "scard", "smembers", "sismember"],
  ...["zadd", "zrem", "zscore", "zcard", "zcount", "zlexcount", "zrange", "zrangebyscore", "zrangebylex"],
  ...["zrevrange", "zrevrangebyscore", "zremrangebyscore", "zremrangebyrank", "zpopmin"],
  ...["xadd", "xtrim", "xrange", "xlen", "xread", "xdel"],
].map((command) => `+${command}`);

/** What every connection runs to connect and stay connected (ioredis' handshake, BullMQ's version check). */
const CONNECTION_COMMANDS = ["ping", "info", "client|setname", "hello", "select", "quit"].map((c) => `+${c}`);

/**
 * Rules for `ACL SETUSER <user> reset on >password …`: the root selector holds the agent's own
 * queues and keys; each further selector (parenthesised) grants exactly one more thing.
 */
export function agentAclRules(agent: { agentId: string; clusterId: string; provider?: string }): string[] {
  return [
    ...CONNECTION_COMMANDS,
    ...QUEUE_COMMANDS,
    // The cancellations it listens for.
    "+subscribe",
    "+unsubscribe",
    `~${queueKeys(keys.agentQueue(agent.agentId))}`,
    `~${queueKeys(keys.controlQueue(agent.clusterId))}`,
    `~${keys.agentHeartbeat(agent.agentId)}`,
    `&${keys.agentControl(agent.agentId)}`,
    // Reports: appending to the results stream and nothing else there.
    `(~${keys.results} +xadd)`,
    // Delegation: read the cached results of its subtasks, and wait on the list of those done.
    `(%R~${keys.taskResult("*")} +get +mget)`,
    `(~${keys.subtaskDone("*")} +blpop)`,
    ...(agent.provider ? [providerSelector(agent.provider, agent.clusterId), budgetSelector(agent.clusterId)] : []),
  ];
}

/**
 * Its provider's limiter, through the limiter's scripts: the shared state, slots and waiting
 * list to update, the limits and its cluster's budget hold only to read (the scripts name those
 * two without declaring them, as a declared key needs write access). Nothing of other providers.
 */
function providerSelector(provider: string, clusterId: string): string {
  const commands = ["eval", "evalsha", "time", "hget", "hmget", "hset", "hdel", "hexists", "hincrby", "exists"];
  const slots = ["zadd", "zrem", "zcard", "zremrangebyscore"];
  return [
    `(~${keys.providerState(provider)}`,
    `~${keys.providerSlots(provider)}`,
    `~${keys.providerWaiting(provider)}`,
    `%R~${keys.providerLimits(provider)}`,
    `%R~${keys.clusterBudgetHold(clusterId)}`,
    ...[...commands, ...slots].map((command) => `+${command}`),
  ]
    .join(" ")
    .concat(")");
}

/**
 * Its cluster's budgets (and the global ones) in the limiter: what they spent and the calls
 * under way, to update; the limits the server wrote and the model prices, only to read.
 */
function budgetSelector(clusterId: string): string {
  const commands = ["eval", "evalsha", "time", "get", "incrbyfloat", "hget", "hgetall", "hset", "hdel", "pexpireat"];
  return [
    `(~${keys.budgetSpent(clusterId, "*")}`,
    `~${keys.budgetInFlight(clusterId, "*")}`,
    `~${keys.budgetSpent(GLOBAL_BUDGET_SCOPE, "*")}`,
    `~${keys.budgetInFlight(GLOBAL_BUDGET_SCOPE, "*")}`,
    `%R~${keys.clusterBudgetLimits(clusterId)}`,
    `%R~${keys.modelPrices}`,
    ...commands.map((command) => `+${command}`),
  ]
    .join(" ")
    .concat(")");
}

/** Rules of a producer: adding jobs to the control queues of `clusterIds`, nothing else. */
export function producerAclRules(clusterIds: readonly string[]): string[] {
  return [...CONNECTION_COMMANDS, ...QUEUE_COMMANDS, ...clusterIds.map((id) => `~${queueKeys(keys.controlQueue(id))}`)];
}
