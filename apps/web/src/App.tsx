import type { AlertPage, FarmPage, FieldPage as FieldList, User } from "@unicorn/contracts";
import { lazy, Suspense, useEffect, useState } from "react";
import { api, loadSession, logout, onSessionExpired } from "./api/client";
import { MainNav } from "./components/MainNav";
import { OfflineBanner } from "./components/OfflineBanner";
import { ErrorBox, Loading } from "./components/States";
import { NotAllowedPage, NotFoundPage } from "./components/StatusPages";
import { SyncIndicator } from "./components/SyncIndicator";
import { useAsync, useLiveStream } from "./lib/hooks";
import { warmOfflineCopy } from "./lib/offline-warmup";
import { FarmReloadContext, TimeZoneContext, UnitsProvider, useUnits } from "./lib/prefs";
import { Link, navigate, usePath } from "./lib/router";
import { DEFAULT_TIME_ZONE, formatDateTime } from "./lib/time";
import type { UnitSystem } from "./lib/units";
import { AlertsPage } from "./pages/AlertsPage";
import { ChangePasswordPage } from "./pages/ChangePasswordPage";
import { GatewaysPage } from "./pages/GatewaysPage";
import { LoginPage } from "./pages/LoginPage";
import { managementNav, managementPage, useScoutingSync } from "./pages/manage/routes";
import { OverviewPage } from "./pages/OverviewPage";
import { SensorsPage } from "./pages/SensorsPage";

// The field page (charts) and the admin page are not part of the first load; the field page, the one most
// visits open next, is fetched as soon as the shell is up (see Shell), so opening a field does not wait for it.
const loadFieldPage = () => import("./pages/FieldPage");
const FieldPage = lazy(() => loadFieldPage().then((m) => ({ default: m.FieldPage })));
const AdminPage = lazy(() => import("./pages/AdminPage").then((m) => ({ default: m.AdminPage })));
const SyncConflictsPage = lazy(() =>
  import("./pages/SyncConflictsPage").then((m) => ({ default: m.SyncConflictsPage })),
);

function UnitSwitch() {
  const { units, setSystem } = useUnits();
  return (
    <label className="unit-switch">
      <span>Units</span>
      <select value={units.system} onChange={(e) => setSystem(e.target.value as UnitSystem)}>
        <option value="us">US (°F, in, ac, mph)</option>
        <option value="metric">Metric (°C, mm, ha, m/s)</option>
      </select>
    </label>
  );
}

function pageFor(path: string, me: User): React.ReactNode {
  const managed = managementPage(path, me);
  if (managed) return managed;
  const fieldMatch = path.match(/^\/fields\/([0-9a-f-]{36})$/);
  if (fieldMatch) return <FieldPage fieldId={fieldMatch[1]!} me={me} />;
  if (path === "/") return <OverviewPage />;
  if (path === "/sensors") return <SensorsPage />;
  if (path === "/gateways") return <GatewaysPage me={me} />;
  if (path === "/alerts") return <AlertsPage me={me} />;
  if (path === "/sync/conflicts")
    return me.role === "viewer" ? (
      <NotAllowedPage what="Sync conflicts" role={me.role} />
    ) : (
      <SyncConflictsPage me={me} />
    );
  if (path === "/admin")
    return me.role === "admin" ? <AdminPage /> : <NotAllowedPage what="Administration" role={me.role} />;
  return <NotFoundPage path={path} />;
}

function Shell({ me, onLogout }: { me: User; onLogout: () => void }) {
  const path = usePath();
  useScoutingSync();
  useEffect(() => {
    void loadFieldPage();
  }, []);
  // Every field's page is readable offline, even one never opened: its data is loaded once per sign-in.
  const [offlineReadyAt, setOfflineReadyAt] = useState<Date>();
  useEffect(() => {
    if (!navigator.onLine) return;
    api<FieldList>("/fields?limit=500")
      .then((fields) =>
        warmOfflineCopy(
          (path) => api(path),
          fields.items.map((f) => f.id),
        ),
      )
      .then(() => setOfflineReadyAt(new Date()))
      .catch(() => {});
  }, []);
  const farms = useAsync(() => api<FarmPage>("/farms?limit=1"), []);
  const timeZone = farms.data?.items[0]?.timezone ?? DEFAULT_TIME_ZONE;
  // The open-alert count beside "Alerts" follows the stream and every page change (an acknowledgement).
  const openAlerts = useAsync(() => api<AlertPage>("/alerts?status=open&limit=1"), [path]);
  useLiveStream({ onAlert: () => openAlerts.reload() });
  const nav = [
    { href: "/", label: "Overview" },
    { href: "/sensors", label: "Sensors" },
    { href: "/alerts", label: "Alerts", badge: openAlerts.data?.total },
    { href: "/gateways", label: "Gateways" },
    ...managementNav(me),
    ...(me.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <TimeZoneContext.Provider value={timeZone}>
      <FarmReloadContext.Provider value={farms.reload}>
        <a className="skip" href="#content">
          Skip to content
        </a>
        <header className="topbar">
          <Link href="/" className="brand">
            <span className="logo" aria-hidden="true" /> <span className="brand-name">Uni-Corn</span>
          </Link>
          <SyncIndicator me={me} />
          <MainNav
            items={nav}
            path={path}
            extra={
              <>
                <UnitSwitch />
                <div className="who" data-testid="who">
                  <span>{me.name}</span> <span className="role">{me.role}</span>
                  <button type="button" className="secondary" onClick={onLogout}>
                    Sign out
                  </button>
                </div>
              </>
            }
          />
        </header>
        <OfflineBanner />
        <main id="content">
          <Suspense fallback={<Loading what="Opening the page" />}>{pageFor(path, me)}</Suspense>
          {offlineReadyAt ? (
            <p className="muted small" data-testid="offline-ready">
              Offline copy of every field's page ready (loaded {formatDateTime(offlineReadyAt, timeZone)}).
            </p>
          ) : null}
        </main>
      </FarmReloadContext.Provider>
    </TimeZoneContext.Provider>
  );
}

function Authenticated({ onLogout }: { onLogout: () => void }) {
  const me = useAsync(() => api<User>("/me"), []);
  if (me.error) return <ErrorBox error={me.error} retry={me.reload} />;
  if (!me.data) return <Loading what="Signing in" />;
  if (me.data.mustChangePassword)
    return <ChangePasswordPage me={me.data} onChanged={me.reload} onLogout={onLogout} />;
  return <Shell me={me.data} onLogout={onLogout} />;
}

export function App() {
  const [signedIn, setSignedIn] = useState(() => Boolean(loadSession()));
  const [expired, setExpired] = useState(false);
  useEffect(
    () =>
      onSessionExpired(() => {
        setExpired(true);
        setSignedIn(false);
      }),
    [],
  );
  return (
    <UnitsProvider>
      {signedIn ? (
        <Authenticated
          onLogout={() => {
            void logout();
            setExpired(false);
            setSignedIn(false);
            navigate("/");
          }}
        />
      ) : (
        <LoginPage
          expired={expired}
          onLoggedIn={() => {
            setExpired(false);
            setSignedIn(true);
          }}
        />
      )}
    </UnitsProvider>
  );
}
