// The templates as the bundle carries them. In a checkout (tests, tsc) there is no pack and
// render.ts reads templates/ itself; scripts/build.js replaces this module in the bundle with
// every file under templates/ (each .hbs precompiled by Handlebars) and the hash of the tree it
// came from, so a checkout whose templates changed after the build is rendered afresh, not stale.
import type { TemplatePack } from './template-tree.js';

export const pack: TemplatePack | null = null;
