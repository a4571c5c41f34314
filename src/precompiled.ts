// The templates, precompiled by Handlebars. In a checkout (tests, tsc) there are none and
// render.ts compiles each template itself; scripts/build.js replaces this module in the bundle
// with every .hbs under templates/, keyed by its path, with the sha1 of the source it came from
// so that a template edited after the build is compiled afresh instead of served stale.
export type Precompiled = Record<string, { sha1: string; spec: TemplateSpecification }>;
type TemplateSpecification = object;

export const precompiled: Precompiled | null = null;
