// autocannon 8 ships no types. This declares only the part of its programmatic API that the benchmarks use.
declare module "autocannon" {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      headers?: Record<string, string>;
      /** Seconds to wait for a response before counting a timeout. */
      timeout?: number;
    }

    /** Summary of one histogram; latencies in milliseconds (whole ms only), requests per second sample. */
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      url: string;
      /** Seconds. */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      statusCodeStats: Record<string, { count: number }>;
      latency: Histogram;
      requests: Histogram;
      throughput: Histogram;
    }

    /** A running benchmark: an event emitter that can also be awaited for its result. */
    interface Instance extends PromiseLike<Result> {
      /** Fired for every completed response; `responseTimeMs` has sub-millisecond precision. */
      on(
        event: "response",
        listener: (client: unknown, statusCode: number, resBytes: number, responseTimeMs: number) => void,
      ): this;
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export = autocannon;
}
