"use client";

import { useEffect, useState } from "react";

type Theme = "system" | "light" | "dark";
const NEXT: Record<Theme, Theme> = { system: "light", light: "dark", dark: "system" };
const LABEL: Record<Theme, string> = { system: "System theme", light: "Light theme", dark: "Dark theme" };

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
  document.documentElement.style.colorScheme = dark ? "dark" : "light";
}

function readStored(): Theme {
  const stored = typeof localStorage === "undefined" ? null : localStorage.getItem("theme");
  return stored === "light" || stored === "dark" ? stored : "system";
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");

  useEffect(() => {
    setTheme(readStored());
    const media = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => readStored() === "system" && apply("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, []);

  const choose = () => {
    const next = NEXT[theme];
    localStorage.setItem("theme", next);
    apply(next);
    setTheme(next);
  };

  return (
    <button
      type="button"
      onClick={choose}
      data-testid="theme-toggle"
      data-theme-choice={theme}
      title={`${LABEL[theme]} (click to change)`}
      className="inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 px-2 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span className="sr-only sm:not-sr-only">{LABEL[theme]}</span>
    </button>
  );
}
