/** Certificates for tests that speak TLS to a real server on loopback, made with openssl (Debian's). */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

export interface TestCertificates {
  /** The test CA's certificate: what a client verifies the server against. */
  caFile: string;
  /** A server certificate for the names asked for (localhost and 127.0.0.1 by default), signed by the test CA. */
  certFile: string;
  keyFile: string;
}

/**
 * A fresh CA and a server certificate it signed, valid two days, written into `dir`. `serverNames` are the
 * certificate's subject alternative names (an IP address is written as one).
 */
export function makeCertificates(dir: string, serverNames = ["localhost", "127.0.0.1"]): TestCertificates {
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
  run(
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca"].concat([
      "-keyout",
      "ca.key",
      "-out",
      "ca.crt",
    ]),
  );
  run([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    "/CN=localhost",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
  ]);
  const names = serverNames.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`));
  writeFileSync(join(dir, "san.ext"), `subjectAltName=${names.join(",")}\n`);
  run(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
    ].concat(["-extfile", "san.ext", "-out", "server.crt"]),
  );
  return { caFile: join(dir, "ca.crt"), certFile: join(dir, "server.crt"), keyFile: join(dir, "server.key") };
}
