import "server-only";

/** What `PasswordCheckLimiter.run` answers instead of running the check. */
export type Refusal = "busy" | "account-busy";

export interface PasswordCheckLimits {
  /** Checks hashing at once in this process (scrypt takes ~50 ms and 32 MiB each). */
  concurrent: number;
  /** Checks waiting for a turn; anyone beyond is turned away at once. */
  queued: number;
  /** Checks of one account in flight at once, waiting ones included. */
  perAccount: number;
}

export const DEFAULT_PASSWORD_CHECK_LIMITS: PasswordCheckLimits = { concurrent: 4, queued: 32, perAccount: 2 };

/**
 * Bounds the CPU and memory sign-in can take. Every try costs a full scrypt (an unknown e-mail as
 * much as a known one, so that timing does not tell them apart): without a bound, a flood of tries
 * with made-up e-mails would keep every core busy hashing. Per process; each instance has its own.
 */
export class PasswordCheckLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly perAccount = new Map<string, number>();

  constructor(private readonly limits: PasswordCheckLimits = DEFAULT_PASSWORD_CHECK_LIMITS) {}

  async run<T>(
    account: string,
    check: () => Promise<T>,
  ): Promise<{ ran: true; value: T } | { ran: false; refusal: Refusal }> {
    const inFlight = this.perAccount.get(account) ?? 0;
    if (inFlight >= this.limits.perAccount) return { ran: false, refusal: "account-busy" };
    if (this.running >= this.limits.concurrent && this.waiting.length >= this.limits.queued) {
      return { ran: false, refusal: "busy" };
    }
    this.perAccount.set(account, inFlight + 1);
    try {
      // A finished check hands its slot straight to the next in line, so nobody can slip in between.
      if (this.running < this.limits.concurrent) this.running++;
      else await new Promise<void>((resolve) => this.waiting.push(resolve));
      try {
        return { ran: true, value: await check() };
      } finally {
        const next = this.waiting.shift();
        if (next) next();
        else this.running--;
      }
    } finally {
      const left = (this.perAccount.get(account) ?? 1) - 1;
      if (left > 0) this.perAccount.set(account, left);
      else this.perAccount.delete(account);
    }
  }

  /** Checks running and waiting now (for tests and health). */
  get load(): { running: number; waiting: number; accounts: number } {
    return { running: this.running, waiting: this.waiting.length, accounts: this.perAccount.size };
  }
}
