/**
 * A 16×16 line icon in the text's colour. Decorative: the text beside it carries the meaning, so it
 * is hidden from assistive technology.
 */
export function LineIcon({ d, className }: { d: string; className: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.75"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      className={className}
    >
      <path d={d} />
    </svg>
  );
}
