// Entry point: `bun --preload ./src/instrument.ts src/index.ts` (see package.json "start").
import { app } from './app.ts';
import { migrateOrSay } from './migrate-main.ts';
import { drainOnSignals } from './shutdown.ts';

// Migrations first, before the port opens: when one fails the process exits 1, the health
// check never passes, and the deploy fails (Swarm rolls back to the running version).
// Without DATABASE_URL the server still starts (/ready answers 503 and says why).
if (process.env.DATABASE_URL && !(await migrateOrSay())) process.exit(1);

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, hostname: process.env.HOST ?? '0.0.0.0' });
drainOnSignals(app);
console.log(`listening on http://${app.server?.hostname}:${app.server?.port}`);
