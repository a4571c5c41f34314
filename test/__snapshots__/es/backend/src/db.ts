// Postgres through Bun's built-in client. The pool connects on first use and reconnects
// by itself after the database restarts.
import { SQL } from 'bun';

let pool: SQL | undefined;

/** The shared pool, or undefined when DATABASE_URL is not set. */
export function db(): SQL | undefined {
  const url = process.env.DATABASE_URL;
  if (!url) return undefined;
  pool ??= new SQL({ url, max: 10, idleTimeout: 30, connectionTimeout: 5 });
  return pool;
}

/** Closes the pool (on shutdown); the next db() call opens a new one. */
export async function closeDatabase(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.close({ timeout: 2 });
}

/** null when Postgres answers within timeoutMs, else a short reason. */
export async function checkDatabase(timeoutMs = 3000): Promise<string | null> {
  const sql = db();
  if (!sql) return 'DATABASE_URL is not set';
  let timer: Timer | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('database timeout'), timeoutMs);
  });
  const query = sql`select 1`.then(
    () => null,
    (error: Error) => `database unreachable: ${error.message}`,
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
