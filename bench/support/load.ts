import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import autocannon, { type Options, type RequestContext, type Result } from 'autocannon';

export type LoadOptions = {
  /** Base URL of the server, e.g. http://127.0.0.1:3000 */
  url: string;
  path: string;
  /** JSON bodies, sent in rotation. */
  bodies: readonly string[];
  connections: number;
  durationS: number;
  /** Requests per second over all connections; unset means as fast as the server answers. */
  overallRate?: number;
  /**
   * With `overallRate`: split the load over this many autocannon instances started evenly
   * within one second. autocannon's rate limit lets each connection send its whole per-second
   * quota back to back when its one-second timer fires, and the timers of one instance fire
   * together, so a single instance delivers the rate as one burst per second. Staggered
   * instances turn that into `stagger` smaller bursts per second, closer to a steady arrival.
   */
  stagger?: number;
  /** Called for each 201 with the parsed body and the time (performance.now()) it completed. */
  onCreated?: (body: { caseNumber?: string }, at: number) => void;
};

export type LoadResult = {
  durationS: number;
  /** Responses by status code. */
  statuses: Record<string, number>;
  created: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency of every completed response (ms), measured from just before the request was written. */
  latenciesMs: Float64Array;
  /** autocannon's own latency summary (integer ms histogram), for comparison. */
  autocannon: Pick<Result['latency'], 'p50' | 'p90' | 'p99' | 'max'>[];
};

/** Runs autocannon against one route with rotating bodies and collects exact per-request latencies. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const instances = options.overallRate && options.stagger && options.stagger > 1 ? options.stagger : 1;
  const latencies: number[] = [];
  let next = 0;
  const request = {
    method: 'POST',
    path: options.path,
    headers: { 'content-type': 'application/json' },
    setupRequest(spec: Record<string, unknown>, context: RequestContext) {
      // Called right before the request is written (the context lives for one request).
      context.sentAt = performance.now();
      spec.body = options.bodies[next++ % options.bodies.length];
      return spec;
    },
    onResponse(status: number, body: string, context: RequestContext) {
      const at = performance.now();
      latencies.push(at - (context.sentAt as number));
      if (status === 201 && options.onCreated) {
        try {
          options.onCreated(JSON.parse(body) as { caseNumber?: string }, at);
        } catch {
          // A 201 with a body that is not JSON is counted but carries no case number.
        }
      }
    },
  };

  const runs: Promise<Result>[] = [];
  const baseRate = options.overallRate ? Math.floor(options.overallRate / instances) : 0;
  for (let i = 0; i < instances; i += 1) {
    if (i > 0) await delay(1000 / instances);
    const rate = options.overallRate ? baseRate + (i < options.overallRate - baseRate * instances ? 1 : 0) : undefined;
    const connections = Math.max(1, Math.round(options.connections / instances));
    const autocannonOptions: Options = {
      url: options.url,
      connections: rate ? Math.min(connections, rate) : connections,
      duration: options.durationS,
      timeout: 30,
      ...(rate ? { overallRate: rate, ignoreCoordinatedOmission: true } : {}),
      requests: [request as never],
    };
    runs.push(new Promise((resolve, reject) => {
      autocannon(autocannonOptions, (error, result) => (error ? reject(error) : resolve(result)));
    }));
  }
  const results = await Promise.all(runs);

  const statuses: Record<string, number> = {};
  for (const result of results) {
    for (const [code, { count }] of Object.entries(result.statusCodeStats)) statuses[code] = (statuses[code] ?? 0) + count;
  }
  const sum = (pick: (r: Result) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    // Staggered instances overlap for all but the stagger offset; the longest one is the window.
    durationS: Math.max(...results.map((r) => r.duration)),
    statuses,
    created: statuses['201'] ?? 0,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    latenciesMs: Float64Array.from(latencies),
    autocannon: results.map((r) => ({ p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max })),
  };
}

/** The q-quantile (0..1) by nearest rank; NaN for no samples. */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] as number;
}
