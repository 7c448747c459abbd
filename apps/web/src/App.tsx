import type { User } from "@unicorn/contracts";
import { useEffect, useState } from "react";
import { api, loadSession, logout, onSessionExpired } from "./api/client";
import { ErrorBox, Loading } from "./components/States";
import { useAsync } from "./lib/hooks";
import { UnitsProvider, useUnits } from "./lib/prefs";
import { Link, navigate, usePath } from "./lib/router";
import { AdminPage } from "./pages/AdminPage";
import { AlertsPage } from "./pages/AlertsPage";
import { FieldPage } from "./pages/FieldPage";
import { GatewaysPage } from "./pages/GatewaysPage";
import { LoginPage } from "./pages/LoginPage";
import { OverviewPage } from "./pages/OverviewPage";
import { SensorsPage } from "./pages/SensorsPage";

function UnitSwitch() {
  const { units, setUnits } = useUnits();
  return (
    <div className="unit-switch">
      <label>
        <span className="visually-hidden">Temperature unit</span>
        <select
          value={units.temperature}
          onChange={(e) => setUnits({ ...units, temperature: e.target.value as "F" | "C" })}
        >
          <option value="F">°F</option>
          <option value="C">°C</option>
        </select>
      </label>
      <label>
        <span className="visually-hidden">Area unit</span>
        <select
          value={units.area}
          onChange={(e) => setUnits({ ...units, area: e.target.value as "ac" | "ha" })}
        >
          <option value="ac">acres</option>
          <option value="ha">hectares</option>
        </select>
      </label>
    </div>
  );
}

function Shell({ me, onLogout }: { me: User; onLogout: () => void }) {
  const path = usePath();
  const nav = [
    { href: "/", label: "Overview" },
    { href: "/sensors", label: "Sensors" },
    { href: "/gateways", label: "Gateways" },
    { href: "/alerts", label: "Alerts" },
    ...(me.role === "admin" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  const fieldMatch = path.match(/^\/fields\/([0-9a-f-]{36})$/);
  let page: React.ReactNode;
  if (fieldMatch) page = <FieldPage fieldId={fieldMatch[1]!} me={me} />;
  else if (path === "/sensors") page = <SensorsPage />;
  else if (path === "/gateways") page = <GatewaysPage me={me} />;
  else if (path === "/alerts") page = <AlertsPage me={me} />;
  else if (path === "/admin" && me.role === "admin") page = <AdminPage />;
  else page = <OverviewPage />;
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="logo" aria-hidden="true" /> Uni-Corn
        </Link>
        <nav aria-label="Main">
          {nav.map((item) => (
            <Link key={item.href} href={item.href} aria-current={path === item.href ? "page" : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <UnitSwitch />
        <div className="who" data-testid="who">
          <span>{me.name}</span> <span className="role">{me.role}</span>
          <button type="button" className="secondary" onClick={onLogout}>
            Sign out
          </button>
        </div>
      </header>
      <main id="content">{page}</main>
    </>
  );
}

function Authenticated({ onLogout }: { onLogout: () => void }) {
  const me = useAsync(() => api<User>("/me"), []);
  if (me.error) return <ErrorBox error={me.error} retry={me.reload} />;
  if (!me.data) return <Loading what="Signing in" />;
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
