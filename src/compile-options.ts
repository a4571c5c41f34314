// The Handlebars options every template compiles with: by the build into the bundle's pack, and
// at run time from a folder, so both give the same bytes.
// - noEscape: the output is YAML, shell, JSON, TS… never HTML; each context has its own helper.
// - strict: a missing value is an error, never an empty string in a config file.
// - knownHelpersOnly: `{{name}}` is always a value and only our helpers exist, so Handlebars
//   emits a direct call instead of a lookup that might be either (less code to load).
import { helpers } from './helpers.js';

export const COMPILE_OPTIONS = {
  noEscape: true,
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
};
