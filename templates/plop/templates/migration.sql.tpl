{{#if es}}
-- {{number}}_{{name}}: hecha con `npm run new -- migration {{name}}`.
-- Corre una sola vez, en su propia transacción, cuando el backend arranca (antes de escuchar).
-- Si falla, nada de este archivo queda aplicado y el despliegue no avanza.
-- Ya aplicada, no la cambies: escribe el cambio en una migración nueva.
{{else}}
-- {{number}}_{{name}}: made with `npm run new -- migration {{name}}`.
-- Runs once, in its own transaction, when the backend starts (before it listens).
-- If it fails, nothing of this file stays applied and the deploy does not go ahead.
-- Once applied, do not change it: write the change in a new migration.
{{/if}}
