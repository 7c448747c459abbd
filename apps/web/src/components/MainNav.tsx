import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Link } from "../lib/router";

export interface NavItem {
  href: string;
  label: string;
  /** A count shown beside the label (open alerts); nothing when zero or unknown. */
  badge?: number | undefined;
}

/**
 * The main menu: a row of links on a wide screen; on a phone a "Menu" button opens it as a panel under the bar
 * (Escape or choosing a page closes it, focus returns to the button). `extra` (units, who is signed in) sits in
 * the same panel so nothing is pushed off a narrow screen.
 */
export function MainNav({ items, path, extra }: { items: NavItem[]; path: string; extra: ReactNode }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  const current = (href: string) =>
    href === "/" ? path === "/" || path.startsWith("/fields/") : path === href;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button secondary"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span className="menu-icon" aria-hidden="true" />
        Menu
      </button>
      <div id={panelId} className="menu" data-open={open}>
        <nav aria-label="Main">
          {items.map((item) => (
            <Link key={item.href} href={item.href} aria-current={current(item.href) ? "page" : undefined}>
              {item.label}
              {item.badge ? (
                <span className="nav-badge" data-testid="nav-badge">
                  {item.badge}
                  <span className="visually-hidden"> open</span>
                </span>
              ) : null}
            </Link>
          ))}
        </nav>
        {extra}
      </div>
    </>
  );
}
