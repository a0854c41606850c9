/**
 * OpenTelemetry traces for the server, runners and agents. With OTEL_EXPORTER_OTLP_ENDPOINT
 * set, each process exports its spans over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`; without
 * it nothing is loaded and every span below is the API's no-op (a parent's context still
 * passes through, so a trace started elsewhere is not cut).
 *
 * Work crosses processes through a W3C `traceparent` string: on the task record, in the agent's
 * queue job, in a delegation request. `inSpan` starts a span as a child of one.
 */
import {
  type Attributes,
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { parseTraceparent } from "../domain/tracing/traceparent";

export type { Span };
export { SpanKind };

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://collector:4318; undefined: tracing off. */
  endpoint?: string;
  /** service.name: myzel-server, myzel-runner, myzel-agent. */
  serviceName: string;
  /** More resource attributes (service.instance.id, the agent's key…). */
  attributes?: Attributes;
}

export interface Tracing {
  enabled: boolean;
  /** Sends what is buffered (before a process exits). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const OFF: Tracing = { enabled: false, flush: async () => {}, shutdown: async () => {} };
let active = false;

/** True when this process exports spans: callers skip building spans nobody would see. */
export const tracingEnabled = () => active;

export async function startTracing(options: TracingOptions): Promise<Tracing> {
  if (!options.endpoint) return OFF;
  // Loaded only when asked for: an agent without tracing keeps its memory (there may be hundreds).
  const [{ BatchSpanProcessor, TracerProvider }, { OTLPTraceExporter }, { resourceFromAttributes }, hooks, core] =
    await Promise.all([
      import("@opentelemetry/sdk-trace"),
      import("@opentelemetry/exporter-trace-otlp-http"),
      import("@opentelemetry/resources"),
      import("@opentelemetry/context-async-hooks"),
      import("@opentelemetry/core"),
    ]);
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, "")}/v1/traces` });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      "service.name": options.serviceName,
      "service.namespace": "myzel",
      "process.pid": process.pid,
      ...options.attributes,
    }),
    // Exported often: an agent may be stopped soon after a task, and what it buffered would go with it.
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  context.setGlobalContextManager(new hooks.AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new core.W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  active = true;
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    async shutdown() {
      active = false;
      await provider.shutdown().catch(() => {});
    },
  };
}

const tracer = () => trace.getTracer("myzel");

/** The context of a remote parent, from its traceparent (the root context when there is none). */
export function contextOfTraceparent(traceparent: string | null | undefined): Context {
  const parsed = parseTraceparent(traceparent);
  if (!parsed) return ROOT_CONTEXT;
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: parsed.traceId,
    spanId: parsed.spanId,
    traceFlags: parsed.sampled ? 1 : 0,
    isRemote: true,
  });
}

/** The traceparent that makes another process's span a child of `span` (undefined when not traced). */
export function traceparentOf(span: Span | undefined = trace.getActiveSpan()): string | undefined {
  const spanContext = span?.spanContext();
  if (!spanContext || !trace.isSpanContextValid(spanContext)) return undefined;
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${spanContext.traceFlags & 1}`;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent: another process's traceparent; without it, the span active here (if any). */
  parent?: string | null;
  startTime?: number;
}

/**
 * Runs `fn` inside a new span, active for everything `fn` awaits; a thrown error marks the span
 * failed and is thrown on. Returns what `fn` returns.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent !== undefined ? contextOfTraceparent(options.parent) : context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: options.startTime },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

/** A span for something already over (a result recorded for a run that ended earlier). */
export function recordSpan(name: string, options: SpanOptions & { endTime?: number; error?: string | null }): void {
  if (!active) return;
  const parent = options.parent !== undefined ? contextOfTraceparent(options.parent) : context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, startTime: options.startTime },
    parent,
  );
  if (options.error) span.setStatus({ code: SpanStatusCode.ERROR, message: options.error });
  span.end(options.endTime);
}

/** Marks the active span failed without throwing (an outcome reported, not an exception). */
export function markFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
