import { SHORTCUT_LIST } from "@/lib/keyboard/shortcuts";

/** The list `?` shows. */
export function ShortcutHelp() {
  return (
    <table className="w-full text-sm" data-testid="shortcut-list">
      <caption className="sr-only">Keyboard shortcuts</caption>
      <thead>
        <tr className="text-left text-slate-600 dark:text-slate-400">
          <th scope="col" className="py-1 pr-4 font-medium">
            Keys
          </th>
          <th scope="col" className="py-1 font-medium">
            What they do
          </th>
        </tr>
      </thead>
      <tbody>
        {SHORTCUT_LIST.map((shortcut) => (
          <tr key={shortcut.what} className="border-t border-slate-200 dark:border-slate-700">
            <td className="py-1.5 pr-4 whitespace-nowrap">
              {shortcut.keys.map((keys, index) => (
                <span key={keys}>
                  {index > 0 ? " or " : null}
                  <kbd className="rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600">
                    {keys}
                  </kbd>
                </span>
              ))}
            </td>
            <td className="py-1.5">{shortcut.what}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
