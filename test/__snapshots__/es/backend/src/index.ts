// Entry point: `bun --preload ./src/instrument.ts src/index.ts` (see package.json "start").
import { app } from './app.ts';

const port = Number(process.env.PORT ?? 3000);
app.listen({ port, hostname: process.env.HOST ?? '0.0.0.0' });
console.log(`listening on http://${app.server?.hostname}:${app.server?.port}`);
