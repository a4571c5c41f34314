// Entry point: `bun --preload ./src/instrument.ts src/index.ts` (see package.json "start").
import { app } from './app.ts';
import { drainOnSignals } from './shutdown.ts';

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, hostname: process.env.HOST ?? '0.0.0.0' });
drainOnSignals(app);
console.log(`listening on http://${app.server?.hostname}:${app.server?.port}`);
