import { createContext, type ReactNode, useContext, useState } from "react";
import { DEFAULT_TIME_ZONE } from "./time";
import { parseUnitPrefs, type UnitPrefs, type UnitSystem, unitsFor } from "./units";

const KEY = "unicorn.units";

const UnitsContext = createContext<{
  units: UnitPrefs;
  setUnits: (units: UnitPrefs) => void;
  setSystem: (system: UnitSystem) => void;
}>({
  units: parseUnitPrefs(null),
  setUnits: () => {},
  setSystem: () => {},
});

/** The user's US customary or metric choice, remembered in this browser. */
export function UnitsProvider({ children }: { children: ReactNode }) {
  const [units, setState] = useState(() => parseUnitPrefs(localStorage.getItem(KEY)));
  const setSystem = (system: UnitSystem) => {
    localStorage.setItem(KEY, JSON.stringify({ system }));
    setState(unitsFor(system));
  };
  const setUnits = (next: UnitPrefs) => setSystem(next.system);
  return <UnitsContext.Provider value={{ units, setUnits, setSystem }}>{children}</UnitsContext.Provider>;
}

export const useUnits = () => useContext(UnitsContext);

/** The farm's IANA time zone: every time on screen is shown in it, with its abbreviation. */
export const TimeZoneContext = createContext<string>(DEFAULT_TIME_ZONE);
export const useTimeZone = () => useContext(TimeZoneContext);
/** Reloads the farm settings after they change (the time zone above comes from them). */
export const FarmReloadContext = createContext<() => void>(() => {});
