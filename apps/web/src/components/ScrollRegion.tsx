import type { ReactNode } from "react";

/**
 * A table box that may scroll sideways on a phone. It takes focus so a keyboard user can scroll it too
 * (WCAG 2.1.1; axe's scrollable-region-focusable), and is named for screen readers.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable from the keyboard
    // biome-ignore lint/a11y/useSemanticElements: a named region around a table, not a page section
    <div className="table-wrap" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
