"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A main-navigation link that marks itself as the current page (for screen readers and the eye). */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`text-sm hover:underline ${current ? "font-semibold text-slate-950 dark:text-white" : "text-slate-700 dark:text-slate-300"}`}
    >
      {children}
    </Link>
  );
}
