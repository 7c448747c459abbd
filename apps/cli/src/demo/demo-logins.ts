import type { DemoAccounts, DemoPasswords } from "./demo-seed";

/**
 * The demo logins, with the passwords this run set: they are shown here once and kept nowhere. A login whose
 * password was set earlier is listed with how to give it a new one. `launcher` is `unicorn start`'s banner
 * layout ("Login  email / password  (role)"), otherwise one "role  email / password" line each.
 */
export function printDemoLogins(
  accounts: DemoAccounts,
  passwords: DemoPasswords,
  say: (line: string) => void,
  layout: "launcher" | "table" = "table",
): void {
  const rows: [string, string, string | undefined][] = [
    ["admin", accounts.adminEmail, passwords.admin],
    ["agronomist", accounts.agronomistEmail, passwords.agronomist],
    ["viewer", accounts.viewerEmail, passwords.viewer],
  ];
  rows.forEach(([role, email, password], index) => {
    const login = `${email} / ${password ?? "(set earlier, not kept)"}`;
    if (layout === "table") say(`  ${role.padEnd(10)} ${login}`);
    else say(`  ${index === 0 ? "Login     " : "          "} ${login}   (${role})`);
  });
  const indent = layout === "table" ? "  " : "             ";
  if (rows.some(([, , password]) => password))
    say(`${indent}These passwords are shown only now and stored nowhere: note them.`);
  if (rows.some(([, , password]) => !password))
    say(
      `${indent}Forgot one? \`npm run demo:reset-password -- <email>\` (in a release: \`unicorn demo reset-password <email>\`) prints a new one.`,
    );
}
