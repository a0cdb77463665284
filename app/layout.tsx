import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { TablePreferencesScript } from "@/components/migrations/table-preferences-script";
import { ThemeScript } from "@/components/theme/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Migration Console", template: "%s · Migration Console" },
  description: "Watch and review migrations from the Migrations API.",
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request makes every page render per request, which the CSP nonce requires
  // (a prerendered page would carry scripts without this request's nonce).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // The theme and table scripts set attributes before hydration, so the server's <html> differs on purpose.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
        <TablePreferencesScript nonce={nonce} />
      </head>
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        {children}
      </body>
    </html>
  );
}
