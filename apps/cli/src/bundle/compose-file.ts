import { readFileSync } from "node:fs";
import { parse } from "yaml";

/**
 * What a release needs from the compose file: its services, their profiles and the image each one runs, with
 * `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}` and `${VAR?message}` resolved the way
 * compose resolves them.
 */
export interface ComposeService {
  name: string;
  profiles: string[];
  /** The image expression as written, e.g. ${POSTGRES_IMAGE:-docker.io/library/postgres:16.4}. */
  imageExpression: string;
}

export function readComposeServices(file: string): ComposeService[] {
  const document = parse(readFileSync(file, "utf8")) as {
    services?: Record<string, { image?: string; profiles?: string[] }>;
  };
  const services = document?.services;
  if (!services) throw new Error(`${file} has no services`);
  return Object.entries(services).map(([name, service]) => {
    if (!service.image)
      throw new Error(`service ${name} in ${file} has no image (a release ships images, not builds)`);
    return { name, profiles: service.profiles ?? [], imageExpression: service.image };
  });
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g;

/** Compose interpolation of one string. `lookup` returns undefined for an unset variable. */
export function interpolate(text: string, lookup: (name: string) => string | undefined): string {
  return text.replace(VARIABLE, (_match, name: string, colon: string, operator: string, operand: string) => {
    const value = lookup(name);
    const missing = value === undefined || (colon === ":" && value === "");
    if (operator === "-") return missing ? operand : value!;
    if (operator === "?" && missing) throw new Error(`${name} is required: ${operand || "not set"}`);
    return value ?? "";
  });
}

/** Variables an expression reads, e.g. POSTGRES_IMAGE, or UNICORN_REGISTRY and UNICORN_VERSION. */
export function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => match[1]!);
}

/** Services that `compose up` starts with these profiles on: those without a profile and those in one asked for. */
export function selectServices(services: ComposeService[], profiles: string[]): ComposeService[] {
  return services.filter(
    (service) =>
      service.profiles.length === 0 || service.profiles.some((profile) => profiles.includes(profile)),
  );
}
