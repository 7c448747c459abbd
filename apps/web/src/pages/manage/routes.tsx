import type { User } from "@unicorn/contracts";
import type { ReactNode } from "react";
import { lazy, Suspense, useEffect } from "react";
import { Loading } from "../../components/States";
import { startQueueSync } from "../../lib/scouting-queue";
import { ScoutPage } from "./ScoutPage";
import "./manage.css";

// The workbench pages load when first opened; the scouting page is in the first bundle, so it opens offline.
const CompareFieldsPage = lazy(() =>
  import("../CompareFieldsPage").then((m) => ({ default: m.CompareFieldsPage })),
);
const ExportsPage = lazy(() => import("./ExportsPage").then((m) => ({ default: m.ExportsPage })));
const FieldManagePage = lazy(() => import("./FieldManagePage").then((m) => ({ default: m.FieldManagePage })));
const ManageFieldsPage = lazy(() =>
  import("./FieldManagePage").then((m) => ({ default: m.ManageFieldsPage })),
);
const SeasonReportPage = lazy(() =>
  import("./SeasonReportPage").then((m) => ({ default: m.SeasonReportPage })),
);

const UUID = "([0-9a-f-]{36})";

/** Observations recorded offline upload from whatever page is open once the connection returns. */
export function useScoutingSync(): void {
  useEffect(() => startQueueSync(), []);
}

export function managementNav(me: User): { href: string; label: string }[] {
  return [
    { href: "/scout", label: "Scout" },
    { href: "/compare", label: "Compare" },
    ...(me.role === "viewer" ? [] : [{ href: "/manage", label: "Manage" }]),
    { href: "/exports", label: "Exports" },
  ];
}

/** The page for a management, scouting or export path, or undefined for the other pages. */
export function managementPage(path: string, me: User): ReactNode | undefined {
  const canWrite = me.role !== "viewer";
  const report = path.match(new RegExp(`^/fields/${UUID}/report$`));
  const edit = path.match(new RegExp(`^/manage/fields/${UUID}$`));
  let page: ReactNode | undefined;
  if (path === "/scout") {
    const field = new URLSearchParams(window.location.search).get("field") ?? undefined;
    page = <ScoutPage canWrite={canWrite} initialFieldId={field} />;
  } else if (path === "/compare") page = <CompareFieldsPage />;
  else if (path === "/exports") page = <ExportsPage />;
  else if (report) page = <SeasonReportPage fieldId={report[1]!} />;
  else if (canWrite && path === "/manage") page = <ManageFieldsPage />;
  else if (canWrite && path === "/manage/fields/new") page = <FieldManagePage />;
  else if (canWrite && edit) page = <FieldManagePage key={edit[1]} fieldId={edit[1]!} />;
  return page ? <Suspense fallback={<Loading what="Opening the page" />}>{page}</Suspense> : undefined;
}
