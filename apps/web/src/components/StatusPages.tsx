import { Link } from "../lib/router";

/** A path the dashboard has no page for. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="page status-page" data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        There is no page at <code>{path}</code>. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <Link href="/" className="button-link">
          Go to the farm overview
        </Link>
      </p>
    </div>
  );
}

/** A page the signed-in role may not open (the API refuses its data too). */
export function NotAllowedPage({ what, role }: { what: string; role: string }) {
  return (
    <div className="page status-page" data-testid="not-allowed">
      <h1>Not allowed</h1>
      <p>
        {what} is for administrators. You are signed in as <strong>{role}</strong>; ask an administrator of
        your organization if you need access.
      </p>
      <p>
        <Link href="/" className="button-link">
          Go to the farm overview
        </Link>
      </p>
    </div>
  );
}
