/** The largest body a delivery may have: events are small, and the body is read before the signature can be checked. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;
