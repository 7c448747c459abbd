import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

// Accept a caller's id only when it is short and printable, so logs cannot be polluted through it.
const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headerValue: string | string[] | undefined): string {
  const candidate = Array.isArray(headerValue) ? headerValue[0] : headerValue;
  return candidate && ACCEPTABLE_REQUEST_ID.test(candidate) ? candidate : randomUUID();
}
