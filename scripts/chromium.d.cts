/** The browser to launch, or undefined when none is installed. */
export declare function findChromium(): string | undefined;
