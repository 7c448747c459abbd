import type { ReactNode } from "react";
import { Link } from "../lib/router";

/** A page that explains why there is nothing here, with the way back. */
function StatusPage({ testId, title, children }: { testId: string; title: string; children: ReactNode }) {
  return (
    <div className="page status-page" data-testid={testId}>
      <h1>{title}</h1>
      <p>{children}</p>
      <p>
        <Link href="/" className="button-link">
          Go to the farm overview
        </Link>
      </p>
    </div>
  );
}

/** A path the dashboard has no page for. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <StatusPage testId="not-found" title="Page not found">
      There is no page at <code>{path}</code>. It may have moved, or the link may be mistyped.
    </StatusPage>
  );
}

/** A page the signed-in role may not open (the API refuses its data too). */
export function NotAllowedPage({ what, role }: { what: string; role: string }) {
  return (
    <StatusPage testId="not-allowed" title="Not allowed">
      {what} is for administrators. You are signed in as <strong>{role}</strong>; ask an administrator of your
      organization if you need access.
    </StatusPage>
  );
}
