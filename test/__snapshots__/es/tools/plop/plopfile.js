// Day-2 generators, run from the repo's root (after `npm ci` there):
//   npm run new -- route invoices       backend route at /api/invoices, with its test
//   npm run new -- page invoices        frontend page at /invoices, its test, a link on the home page
//   npm run new -- alert-rule invoices  Prometheus alert with its promtool test (metrics only)
//   npm run new -- migration invoices   backend/migrations/<next number>_invoices.sql
// Each writes new files from ./templates and wires them in above a marked line
// (`// plop:imports`, `// plop:routes`, `<!-- plop:links`, `# plop:rules`, `# plop:tests`):
// keep those lines where they are.
//
// The templates are Handlebars files named `.tpl`, not `.hbs`, on purpose: create-pyme-stack renders
// every `.hbs` file of its own templates while generating the repo, and these must arrive untouched
// so that plop renders them here. In them, `\{{` writes a literal `{{` (Prometheus' own templates).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The answers the repo was generated with (for its language), from .pyme-stack.json. */
function projectAnswers(root) {
  try {
    return JSON.parse(readFileSync(join(root, '.pyme-stack.json'), 'utf8')).answers ?? {};
  } catch {
    return {};
  }
}

export default function (plop) {
  const root = plop.getDestBasePath();
  const es = projectAnswers(root).lang !== 'en';
  const say = (spanish, english) => (es ? spanish : english);
  const exists = (path) => existsSync(join(root, path));
  const read = (path) => readFileSync(join(root, path), 'utf8');
  const template = (name) => readFileSync(new URL(`templates/${name}`, import.meta.url), 'utf8');

  // What was typed after `npm run new --`: plop's own flags and their values left out.
  const argv = process.argv.slice(2);
  const words = argv.filter((arg, i) => !arg.startsWith('-') && !['--plopfile', '--dest', '--cwd'].includes(argv[i - 1]));
  // Without a terminal (CI, a pipe) plop's menu and questions cannot be answered: inquirer
  // crashed with ERR_USE_AFTER_CLOSE or waited forever. One line saying what to type instead.
  if (!process.stdin.isTTY && words.length < 2) {
    console.error(
      say(
        'No hay una terminal para preguntar: escribe qué crear y su nombre, p. ej. `npm run new -- route facturas`.',
        'There is no terminal to ask in: type what to create and its name, e.g. `npm run new -- route invoices`.',
      ),
    );
    process.exit(1);
  }
  plop.setWelcomeMessage(say('¿Qué quieres crear?', 'What do you want to create?'));

  // "sales-2024" -> sales2024Routes in TypeScript, Sales2024 as a Prometheus alert name.
  const camel = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  const alertName = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());
  plop.setHelper('routesName', (name) => `${camel(name)}Routes`);
  plop.setHelper('alertName', alertName);

  /**
   * The name prompt. It refuses, before anything is written, a name that breaks the rule, a name
   * already in use (`taken` returns the file that has it) and a repo whose marked lines are gone:
   * so a failed run changes nothing.
   */
  const namePrompt = ({ what, taken, markers }) => ({
    type: 'input',
    name: 'name',
    message: say(`Nombre de ${what} (minúsculas y guiones, p. ej. facturas)`, `Name of the ${what} (lowercase and hyphens, e.g. invoices)`),
    validate: (name) => {
      // create-pyme-stack's rule for the app name, with hyphens only between words: the name
      // becomes a file name, a URL and a TypeScript name.
      if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 40) {
        return say(
          `"${name}" no sirve: solo minúsculas, dígitos y guiones entre palabras, empezando con una letra (máximo 40). No se cambió nada.`,
          `"${name}" will not do: only lowercase letters, digits and hyphens between words, starting with a letter (at most 40). Nothing was changed.`,
        );
      }
      const problem = taken(name);
      if (problem) return `${problem}. ${say('No se cambió nada.', 'Nothing was changed.')}`;
      for (const [path, marker] of markers) {
        if (!exists(path) || !read(path).includes(marker)) {
          return say(
            `${path} ya no tiene la línea "${marker}", donde se conectan las piezas nuevas: vuelve a ponerla. No se cambió nada.`,
            `${path} no longer has the line "${marker}", where new pieces are wired in: put it back. Nothing was changed.`,
          );
        }
      }
      return true;
    },
  });
  const alreadyThere = (name, where) => say(`"${name}" ya existe (${where}): elige otro nombre`, `"${name}" already exists (${where}): pick another name`);
  const firstExisting = (name, paths) => {
    const found = paths.find(exists);
    return found && alreadyThere(name, found);
  };

  /** Writes the rendered template above the marker line, indented like the marker. */
  const above = (path, marker, templateText) => ({
    type: 'modify',
    path,
    transform: (text, answers) => {
      const at = text.indexOf(marker);
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const indent = text.slice(lineStart, at);
      const lines = plop.renderString(templateText, { ...answers, es }).replace(/\n$/, '').split('\n');
      const block = lines.map((line) => (line ? indent + line : line)).join('\n');
      return `${text.slice(0, lineStart)}${block}\n${text.slice(lineStart)}`;
    },
  });

  const routeFiles = (name) => [`backend/src/routes/${name}.ts`, `backend/test/routes/${name}.test.ts`];
  plop.setGenerator('route', {
    description: say('ruta del backend en /api/<nombre>, con su prueba', 'backend route at /api/<name>, with its test'),
    prompts: [
      namePrompt({
        what: say('la ruta', 'route'),
        taken: (name) => firstExisting(name, routeFiles(name)),
        markers: [['backend/src/app.ts', '// plop:imports'], ['backend/src/app.ts', '// plop:routes']],
      }),
    ],
    // New files first: if one cannot be written, plop stops before app.ts is touched.
    actions: [
      { type: 'add', path: 'backend/src/routes/{{name}}.ts', templateFile: 'templates/route.ts.tpl' },
      { type: 'add', path: 'backend/test/routes/{{name}}.test.ts', templateFile: 'templates/route.test.ts.tpl' },
      above('backend/src/app.ts', '// plop:imports', "import { {{routesName name}} } from './routes/{{name}}.ts';"),
      above('backend/src/app.ts', '// plop:routes', '.use({{routesName name}})'),
    ],
  });

  plop.setGenerator('page', {
    description: say('página del frontend en /<nombre>, con su prueba y un enlace en el inicio', 'frontend page at /<name>, with its test and a link on the home page'),
    prompts: [
      namePrompt({
        what: say('la página', 'page'),
        taken: (name) => firstExisting(name, [`frontend/src/routes/${name}`]),
        markers: [['frontend/src/routes/+page.svelte', '<!-- plop:links']],
      }),
    ],
    actions: [
      { type: 'add', path: 'frontend/src/routes/{{name}}/+page.svelte', templateFile: 'templates/page.svelte.tpl' },
      { type: 'add', path: 'frontend/src/routes/{{name}}/page.test.ts', templateFile: 'templates/page.test.ts.tpl' },
      above('frontend/src/routes/+page.svelte', '<!-- plop:links', '<li><a href="/{{name}}">{{sentenceCase name}}</a></li>'),
    ],
  });

  // Migrations run in name order: the next one takes the highest number so far plus one, four
  // digits. Two branches that both add, say, 0005 still both apply (their names differ).
  const migrations = 'backend/migrations';
  const migrationFiles = () => (exists(migrations) ? readdirSync(join(root, migrations)).filter((f) => f.endsWith('.sql')) : []);
  const nextMigration = () => {
    const numbers = migrationFiles().map((f) => Number.parseInt(f, 10)).filter(Number.isFinite);
    return String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  };
  plop.setGenerator('migration', {
    description: say('migración SQL en backend/migrations/, aplicada al arrancar el backend', 'SQL migration in backend/migrations/, applied when the backend starts'),
    prompts: [
      namePrompt({
        what: say('la migración', 'migration'),
        taken: (name) => {
          const found = migrationFiles().find((f) => f.replace(/^\d+_/, '') === `${name}.sql`);
          return found && alreadyThere(name, `${migrations}/${found}`);
        },
        markers: [],
      }),
    ],
    actions: [
      {
        type: 'add',
        path: `${migrations}/{{number}}_{{name}}.sql`,
        templateFile: 'templates/migration.sql.tpl',
        data: () => ({ number: nextMigration(), es }),
      },
    ],
  });

  const rules = 'ops/monitoring/alert-rules.yml';
  const rulesTest = 'ops/monitoring/alert-rules.test.yml';
  // With metrics off the menu does not offer it; asked for by name, it says how to turn them on.
  const offerAlertRule = exists(rules) || words[0] === 'alert-rule';
  if (offerAlertRule) plop.setGenerator('alert-rule', {
    description: say('alerta de Prometheus con su prueba de promtool (solo con métricas)', 'Prometheus alert with its promtool test (metrics only)'),
    prompts: [
      namePrompt({
        what: say('la alerta', 'alert'),
        taken: (name) => {
          if (!exists(rules)) {
            return say(
              `las métricas están apagadas (no existe ${rules}): actívalas con \`npx create-pyme-stack upgrade --set metrics=true\``,
              `metrics are off (${rules} does not exist): turn them on with \`npx create-pyme-stack upgrade --set metrics=true\``,
            );
          }
          // Each alert is a group named after it; Prometheus wants both names unique.
          const text = read(rules);
          const alert = alertName(name);
          if (new RegExp(`^  - name: '?${name}'?$`, 'm').test(text)) return alreadyThere(name, rules);
          return new RegExp(`^ *- alert: '?${alert}'?$`, 'm').test(text) && alreadyThere(alert, rules);
        },
        markers: [[rules, '# plop:rules'], [rulesTest, '# plop:tests']],
      }),
    ],
    actions: [
      above(rules, '# plop:rules', template('alert-rule.yml.tpl')),
      above(rulesTest, '# plop:tests', template('alert-rule.test.yml.tpl')),
    ],
  });
}
