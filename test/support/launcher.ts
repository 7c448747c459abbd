/** The environment of the launcher (`npm start`) when a test runs the whole stack on its own ports and data. */
export interface StackUnderTest {
  dataDir: string;
  ports: { api: number; web: number; pg: number };
  admin: { email: string; password: string };
}

export function launcherEnv(stack: StackUnderTest, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    UNICORN_DATA_DIR: stack.dataDir,
    UNICORN_API_PORT: String(stack.ports.api),
    UNICORN_WEB_PORT: String(stack.ports.web),
    UNICORN_POSTGRES_PORT: String(stack.ports.pg),
    UNICORN_ADMIN_EMAIL: stack.admin.email,
    UNICORN_ADMIN_PASSWORD: stack.admin.password,
    ...extra,
  };
}
