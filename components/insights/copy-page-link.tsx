"use client";

import { useEffect, useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * Copies this page's full address (range included), as the viewer reached it: the server cannot
 * know the public origin behind proxies, the browser can.
 */
export function CopyPageLink({ path, label }: { path: string; label: string }) {
  const [href, setHref] = useState(path);
  useEffect(() => setHref(new URL(path, window.location.href).href), [path]);
  return (
    <span className="inline-flex items-center gap-1 text-sm text-slate-700 dark:text-slate-300">
      <CopyButton value={href} label={label} />
      <span aria-hidden="true">Copy link</span>
    </span>
  );
}
