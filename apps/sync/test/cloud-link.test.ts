import assert from "node:assert/strict";
import { test } from "node:test";
import pg from "pg";
import { withoutTlsParameters } from "../src/connections";
import { errorKind } from "../src/service";

/** The settings node-postgres resolved from a client's config (not in its typings). */
const resolved = (config: pg.ClientConfig) =>
  (
    new pg.Client(config) as unknown as {
      connectionParameters: { ssl: unknown; password: string; host: string };
    }
  ).connectionParameters;

const URL_AS_INSTALLED = "postgres://unicorn_sync:p%40ss%3Aword@10.0.4.10:5432/unicorn?sslmode=verify-full";

test("a cloud URL with sslmode keeps the CA the service verifies against", () => {
  const ca = "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n";
  const ssl = { rejectUnauthorized: true, ca };
  // What node-postgres does with the URL as written: its sslmode replaces the options, the CA is gone.
  assert.equal((resolved({ connectionString: URL_AS_INSTALLED, ssl }).ssl as { ca?: string }).ca, undefined);
  const parameters = resolved({ connectionString: withoutTlsParameters(URL_AS_INSTALLED), ssl });
  assert.deepEqual(parameters.ssl, ssl);
  assert.equal(parameters.password, "p@ss:word");
  assert.equal(parameters.host, "10.0.4.10");
});

test("only libpq's TLS parameters are removed", () => {
  assert.equal(
    withoutTlsParameters(
      "postgres://u@db.example:6432/unicorn?sslmode=require&sslrootcert=/ca.pem&application_name=x&ssl=true",
    ),
    "postgres://u@db.example:6432/unicorn?application_name=x",
  );
  assert.equal(withoutTlsParameters("postgres://u@h/db"), "postgres://u@h/db");
});

test("a cloud certificate that does not verify counts as offline, a refused login does not", async () => {
  const tlsFailure = (code: string, message: string) => Object.assign(new Error(message), { code });
  for (const [code, message] of [
    ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate"],
    ["SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"],
    ["ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames"],
    ["CERT_HAS_EXPIRED", "certificate has expired"],
  ])
    assert.equal(errorKind(tlsFailure(code!, message!)), "connection", code);
  // The cloud answered: a wrong password is a setting to fix, not an outage.
  assert.equal(
    errorKind(tlsFailure("28P01", 'password authentication failed for user "unicorn_sync"')),
    "other",
  );
});
