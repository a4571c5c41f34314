// Moves the long string literals of precompiled templates out of their functions into one shared
// array at the top of the pack. V8 compiles a function lazily: it scans the body once when the
// module loads and again when the function first runs, so a template's text inside its function
// is read twice; in the array it is read once. Found with TypeScript's parser, never a regex.
import ts from 'typescript';

/** Literals shorter than this stay where they are (the array lookup would not pay). */
const MIN_LENGTH = 32;

// Handlebars names its locals container, depth0, helpers, stack1…: never this.
export function literalHoister(arrayName = 'hoistedTemplateText') {
  const literals = [];
  const index = new Map();
  return {
    /** The spec (a JS object expression) with its long literals replaced by `hoistedTemplateText[i]`. */
    hoist(spec) {
      const source = ts.createSourceFile('spec.js', `(${spec})`, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
      const found = [];
      const visit = (node, inFunction) => {
        const isKey = node.parent && ts.isPropertyAssignment(node.parent) && node.parent.name === node;
        if (inFunction && ts.isStringLiteral(node) && !isKey && node.text.length >= MIN_LENGTH) found.push(node);
        ts.forEachChild(node, (child) => visit(child, inFunction || ts.isFunctionLike(node)));
      };
      visit(source, false);
      let out = source.text;
      for (const node of found.sort((a, b) => b.getStart() - a.getStart())) {
        const text = node.getText();
        if (!index.has(text)) {
          index.set(text, index.size);
          literals.push(text);
        }
        out = `${out.slice(0, node.getStart())}${arrayName}[${index.get(text)}]${out.slice(node.end)}`;
      }
      return out;
    },
    /** The array's declaration, to put before every hoisted spec. */
    declaration: () => `const ${arrayName} = [\n${literals.join(',\n')}\n];\n`,
  };
}
