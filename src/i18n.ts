// Every text a founder reads comes in Spanish and English; Spanish is the default.
export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
export type Msg = Record<Lang, string>;

export const msg = (es: string, en: string): Msg => ({ es, en });

let settled: Lang | undefined;
/** The run now speaks the project's language (its answers'): errors printed later use it too. */
export const settleLang = (lang: Lang) => {
  settled = lang;
};
export const settledLang = () => settled;

/** es_* -> es, any other language -> en, unset/C/POSIX -> es (most founders read Spanish first). */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const base = value.split(/[_.@]/)[0]!.toLowerCase();
  if (base === '' || base === 'c' || base === 'posix') return 'es';
  return base === 'es' ? 'es' : 'en';
}

export const ui = {
  cancelled: msg('Cancelado: no se escribió nada.', 'Cancelled: nothing was written.'),
  cancelledAfterWrite: msg(
    'Cancelado: el proyecto ya estaba escrito; lo que seguía (git, instalaciones) no terminó.',
    'Cancelled: the project was already written; what came next (git, installs) did not finish.',
  ),
  noTty: msg(
    'No hay una terminal para preguntar. Pasa estas respuestas como flags o usa --yes:',
    'There is no terminal to ask questions in. Pass these answers as flags or use --yes:',
  ),
  required: msg('es obligatorio', 'is required'),
  notEmpty: msg(
    'La carpeta no está vacía; usa --force para escribir encima (se listan los cambios antes) o elige otra carpeta. Contiene:',
    'The folder is not empty; use --force to write into it (changes are listed first) or pick another folder. It holds:',
  ),
  willChange: msg('Archivos que cambian en la carpeta existente:', 'Files that change in the existing folder:'),
  dryRun: msg('Simulación (--dry-run): no se escribió nada. Se escribirían', 'Dry run (--dry-run): nothing was written. It would write'),
  files: msg('archivos', 'files'),
  created: msg('Proyecto creado en', 'Project created in'),
  nextSteps: msg('Siguientes pasos:', 'Next steps:'),
  needs: msg(
    'Necesitas Bun {bun} (backend) y Node 24 o más nuevo (frontend, alertas): https://bun.sh y https://nodejs.org',
    'You need Bun {bun} (backend) and Node 24 or newer (frontend, alerts): https://bun.sh and https://nodejs.org',
  ),
  followChecklist: msg('Sigue CHECKLIST.md para el primer despliegue en Dokploy.', 'Follow CHECKLIST.md for the first deploy on Dokploy.'),
  gitDone: msg('Repositorio git iniciado con un primer commit.', 'Git repository initialised with a first commit.'),
  gitFailed: msg('No se pudo crear el commit inicial de git:', 'Could not create the first git commit:'),
  gitEnclosed: msg(
    'La carpeta está dentro del repositorio git {top}: el proyecto tiene su propio repositorio (anidado); ese repositorio lo ve como una carpeta sin seguimiento. Para versionarlo ahí, bórrale .git (o genera con --no-git); si no, añádelo a su .gitignore o genera fuera de él.',
    'The folder is inside the git repository {top}: the project has its own (nested) repository; that repository sees it as an untracked folder. To keep it in that one, delete its .git (or generate with --no-git); otherwise add it to its .gitignore or generate outside it.',
  ),
  gitHasHistory: msg(
    'La carpeta ya es un repositorio git con commits: no se hizo commit; revisa con `git status` y haz el tuyo.',
    'The folder already is a git repository with commits: nothing was committed; review with `git status` and commit yourself.',
  ),
  installFailed: msg(
    'Una instalación falló (arriba está su salida). El proyecto quedó escrito; corrige y vuelve a instalar en',
    'An install failed (its output is above). The project is written; fix it and install again in',
  ),
  installing: msg('Instalando dependencias en', 'Installing dependencies in'),
} satisfies Record<string, Msg>;
