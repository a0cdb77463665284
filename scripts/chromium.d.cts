/** The browser to launch, or undefined when none is installed. */
export declare function findChromium(): string | undefined;

/** Flags for a headless Chromium on this kind of machine: root (no sandbox), no GPU, no calls home. */
export declare const CHROMIUM_FLAGS: readonly string[];
