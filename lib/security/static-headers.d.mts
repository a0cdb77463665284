export declare const STATIC_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }>;
export declare const HSTS_HEADER: { key: string; value: string };
