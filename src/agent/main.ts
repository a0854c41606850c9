/**
 * An agent process. The runner forks it and sends its configuration over IPC; the agent
 * connects to Redis, takes tasks from its own queue (up to its concurrency), heartbeats,
 * and answers "ready". On SIGTERM — or when its runner goes away — it finishes what it
 * holds, then exits.
 */
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { channels, createBus } from "../infra/bus";
import { keys, QUEUE_PREFIX } from "../infra/keys";
import { startTracing } from "../infra/tracing";
import type { AgentConfig, AgentMessage, Heartbeat } from "../schemas/agent-protocol";
import type { RoleMemory } from "../schemas/blueprint-memory";
import { isRunnerMessage } from "./job-shape";
import { memoryClient } from "./memory-client";
import { MEMORY_COMMAND, readStdin, runMemoryCommand } from "./memory-command";
import { providerGate } from "./provider-gate";
import { createRuntime } from "./runtimes";
import { CancelledError, createTaskProcessor, type ProcessorState } from "./task-processor";

function send(message: AgentMessage) {
  process.send?.(message);
}

async function start(config: AgentConfig) {
  Object.assign(process.env, config.env ?? {});
  // A spare process was started before it knew which agent it would be: it moves into that agent's folder now.
  if (config.workDir) process.chdir(config.workDir);
  const tracing = await startTracing({
    endpoint: config.otlpEndpoint,
    serviceName: "myzel-agent",
    attributes: {
      "service.instance.id": config.agentId,
      "myzel.agent.key": config.key,
      "myzel.agent.role": config.role,
      "myzel.cluster.id": config.clusterId,
    },
  });
  // Reconnects quickly after a Redis restart: the runner allows AGENT_RECONNECT_SLACK_MS before counting silence as a hang.
  const connection = new Redis(config.redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: `myzel:agent:${config.key}`,
    retryStrategy: (times) => Math.min(times * 50, 500),
  });
  connection.on("error", () => {}); // reconnects by itself; the heartbeat going stale tells the control plane
  const state: ProcessorState = { processed: 0, failed: 0, active: 0, inFlight: new Map() };
  const controlQueue = new Queue(keys.controlQueue(config.clusterId), { connection, prefix: QUEUE_PREFIX });
  const memory = config.memory
    ? {
        client: memoryClient(config.memory),
        endpoint: config.memory,
        role: config.roleMemory as RoleMemory | undefined,
      }
    : undefined;
  const provider = config.provider
    ? {
        config: config.provider,
        gate: providerGate(connection, config.provider, config.clusterId),
      }
    : undefined;
  const runtime = createRuntime(config.runtime, process.env, memory, provider);
  const sessions = "sessions" in runtime ? runtime.sessions : undefined;
  const worker = new Worker(
    keys.agentQueue(config.agentId),
    createTaskProcessor(config, runtime, {
      redis: connection,
      controlQueue,
      state,
      // Failures go to stderr, so a reader of the output tells them apart at a glance.
      say: (line, failed) => (failed ? process.stderr : process.stdout).write(`${line}\n`),
    }),
    {
      connection,
      prefix: QUEUE_PREFIX,
      concurrency: config.concurrency,
    },
  );
  worker.on("error", () => {});

  // CPU share since the last beat, measured by the process itself (no polling of /proc from outside).
  let lastCpu = process.cpuUsage();
  let lastBeatAt = Date.now();
  const beat = () => {
    const now = Date.now();
    const cpu = process.cpuUsage(lastCpu);
    const cpuPercent = now > lastBeatAt ? ((cpu.user + cpu.system) / 1000 / (now - lastBeatAt)) * 100 : 0;
    lastCpu = process.cpuUsage();
    lastBeatAt = now;
    const heartbeat: Heartbeat = {
      agentId: config.agentId,
      pid: process.pid,
      at: now,
      processed: state.processed,
      failed: state.failed,
      active: state.active,
      concurrency: config.concurrency,
      rssMb: Math.round((process.memoryUsage.rss() / 1048576) * 10) / 10,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      ...(sessions ? { sessions: sessions.list() } : {}),
    };
    connection
      .set(keys.agentHeartbeat(config.agentId), JSON.stringify(heartbeat), "PX", config.heartbeatTtlMs)
      .catch(() => {});
  };
  beat();
  const heartbeatTimer = setInterval(beat, config.heartbeatIntervalMs);

  // The agent's one subscriber connection; what it cannot read goes to stderr.
  const bus = createBus(
    connection,
    { warn: (details, message) => console.warn(message, details) },
    `agent:${config.key}:bus`,
  );
  await bus.subscribe(channels.agentControl(config.agentId), (message) => {
    if (message.type === "cancel") state.inFlight.get(message.taskId)?.abort(new CancelledError());
    else if (message.type === "end_session") {
      sessions?.end(message.sessionKey);
      beat(); // the sessions list shows it gone at once
    }
  });
  await worker.waitUntilReady();

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Finish what it holds, but abort (and so kill tool processes) before the runner's SIGKILL
    // would leave them orphaned; an aborted task is retried elsewhere.
    const abortTimer = setTimeout(
      () => {
        for (const controller of state.inFlight.values()) controller.abort(new Error("the agent was stopped"));
      },
      Math.max(0, config.stopGraceMs - 1000),
    );
    // Waits for the tasks it holds; a worker stuck on a connection that broke (Redis restarted)
    // must not keep the process past the grace period.
    await Promise.race([
      worker.close(),
      new Promise((resolve) => setTimeout(resolve, Math.max(0, config.stopGraceMs - 500))),
    ]);
    clearTimeout(abortTimer);
    clearInterval(heartbeatTimer);
    sessions?.closeAll();
    await connection.del(keys.agentHeartbeat(config.agentId)).catch(() => {});
    bus.close();
    await controlQueue.close();
    connection.disconnect();
    // What it traced goes out before it exits (bounded: a collector that is away must not hold it).
    await Promise.race([tracing.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000))]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
  process.on("message", (message) => {
    if (!isRunnerMessage(message)) return;
    if (message.type === "subordinates") config.subordinateIds = message.subordinateIds;
    // Answered from this event loop: the runner tells a busy agent from a hung one by it.
    else if (message.type === "ping") send({ type: "pong", seq: message.seq });
  });
  process.stdout.write(
    `agent ${config.key} (${config.role}) ready, pid ${process.pid}, concurrency ${config.concurrency}\n`,
  );
  send({ type: "ready", pid: process.pid });
}

function runAgent() {
  // The runner died: nobody supervises this process any more, and the control plane routes the
  // tasks it holds elsewhere once the runner's heartbeat is missed. Finishing them here would run
  // them twice, so it goes at once, like a crash. Listened for from the first line, so a runner that
  // dies while this process starts (a warm spare, or an agent connecting to Redis) leaves none behind.
  process.on("disconnect", () => process.exit(1));
  if (!process.connected) process.exit(1);

  process.once("message", (message) => {
    if (!isRunnerMessage(message) || message.type !== "init") {
      send({ type: "fatal", message: "expected an init message first" });
      process.exit(1);
    }
    start(message.config).catch((error: unknown) => {
      send({ type: "fatal", message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    });
  });
}

// The same bundle is the `myzel-memory` command of the agent's tools (memory-command-bin.ts).
if (process.argv[2] === MEMORY_COMMAND) {
  void runMemoryCommand(process.argv.slice(3), process.env, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    stdin: readStdin,
  }).then((code) => {
    process.exitCode = code;
  });
} else runAgent();
