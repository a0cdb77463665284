"use client";

import { useSyncExternalStore } from "react";

/** Tailwind's `sm` breakpoint: below it the list is cards. */
const PHONE_QUERY = "(max-width: 639.98px)";

function subscribe(listener: () => void): () => void {
  const query = window.matchMedia(PHONE_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

/**
 * "phone", "wide", or "unknown" on the server and while hydrating: then the page renders both the
 * table and the cards and CSS shows the right one (right at any width, no flash); once the width is
 * known, only the one on screen is rendered, so a refresh does not render every row twice.
 */
export function usePhoneLayout(): "phone" | "wide" | "unknown" {
  return useSyncExternalStore(
    subscribe,
    () => (window.matchMedia(PHONE_QUERY).matches ? "phone" : "wide"),
    () => "unknown",
  );
}
