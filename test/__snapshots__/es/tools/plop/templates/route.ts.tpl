// /api/{{name}}: made with `npm run new -- route {{name}}` and registered in src/app.ts.
// Errors thrown here answer a generic 500 and reach GlitchTip (src/errors.ts covers every route);
// requests are counted in /metrics under route="/api/{{name}}".
import { Elysia, t } from 'elysia';

export const {{routesName name}} = new Elysia({ prefix: '/api/{{name}}' })
  // The list. Read it from Postgres with db() from ../db.ts when the table exists.
  .get('', () => ({ items: [] as unknown[] }))
  // One item by id: the params schema answers 422 for an id that is not a number.
  .get('/:id', ({ params, set }) => {
    set.status = 404;
    return { error: 'not_found', id: params.id };
  }, {
    params: t.Object({ id: t.Numeric() }),
  });
