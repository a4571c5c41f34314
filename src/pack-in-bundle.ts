// Where the bundle's template pack goes: null here, so in a checkout (tests, tsc) render.ts reads
// templates/ itself. scripts/build.js loads, in place of this module, what scripts/template-pack.js
// makes: every file under templates/ (each .hbs precompiled) and the hash of the tree it came
// from, so a checkout whose templates changed after the build is rendered afresh, not stale.
import type { TemplatePack } from './template-tree.js';

export const pack: TemplatePack | null = null;
