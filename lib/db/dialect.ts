/** The two engines the app database runs on. */
export type AppDialect = "sqlite" | "postgres";
