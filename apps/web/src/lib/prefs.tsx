import { createContext, type ReactNode, useContext, useState } from "react";
import { parseUnitPrefs, type UnitPrefs } from "./units";

const KEY = "unicorn.units";

const UnitsContext = createContext<{ units: UnitPrefs; setUnits: (units: UnitPrefs) => void }>({
  units: parseUnitPrefs(null),
  setUnits: () => {},
});

/** The user's °F/°C and acres/hectares choice, remembered in this browser. */
export function UnitsProvider({ children }: { children: ReactNode }) {
  const [units, setState] = useState(() => parseUnitPrefs(localStorage.getItem(KEY)));
  const setUnits = (next: UnitPrefs) => {
    localStorage.setItem(KEY, JSON.stringify(next));
    setState(next);
  };
  return <UnitsContext.Provider value={{ units, setUnits }}>{children}</UnitsContext.Provider>;
}

export const useUnits = () => useContext(UnitsContext);
