export interface PostgresCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the cluster with its own pg_ctl and removes its folder; safe to call twice. */
  stop(): void;
}

/** The folder holding initdb and pg_ctl (newest version first), or undefined when PostgreSQL is not installed. */
export declare function findPostgresBin(): string | undefined;

/** A free TCP port on loopback, chosen by the kernel. */
export declare function freePort(): Promise<number>;

export declare function startPostgresCluster(options?: { bin?: string; port?: number }): Promise<PostgresCluster>;
