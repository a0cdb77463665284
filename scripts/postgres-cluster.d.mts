/** The folder holding initdb and pg_ctl (newest version first), or undefined when PostgreSQL is not installed. */
export declare function findPostgresBin(): string | undefined;

/** A free TCP port on loopback, chosen by the kernel. */
export declare function freePort(): Promise<number>;

export interface PostgresCluster {
  /** The `postgres` database as the `postgres` superuser (trust authentication, loopback only). */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server and deletes its folder; safe to call twice. */
  stop(): void;
}

export declare function startPostgresCluster(options?: { bin?: string; port?: number }): Promise<PostgresCluster>;
