// The generated repo is assembled from parts: one folder under templates/ each, copied to a
// place in the generated tree when the answers want it. Later parts add a row here.
import type { Answers } from './questions.js';

export interface Part {
  /** Folder under templates/. */
  from: string;
  /** Where its files land in the generated repo ('' = the root). */
  to: string;
  when?: (answers: Answers) => boolean;
}

export const parts: Part[] = [
  { from: 'root', to: '' },
  { from: 'backend', to: 'backend' },
  { from: 'alerts', to: 'alerts' },
  { from: 'frontend', to: 'frontend' },
  { from: 'github', to: '.github' },
  { from: 'backup', to: 'ops/backup' },
  { from: 'monitoring', to: 'ops/monitoring' },
  { from: 'monitoring-metrics', to: 'ops/monitoring', when: (a) => a.metrics },
  { from: 'plop', to: 'tools/plop' },
];

/** Folder of Handlebars partials ({{> name}}), not copied anywhere. */
export const PARTIALS_DIR = 'partials';
