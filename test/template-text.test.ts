import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES_DIR } from '../src/render.js';
import { readTree } from '../src/template-tree.js';
import { placeholders, templateText, text } from '../src/template-text.js';
import type { Answers } from '../src/questions.js';
import { ANSWER_SETS, renderSet } from './support/generate.js';

const entries = Object.entries(templateText);
const templates = readTree(DEFAULT_TEMPLATES_DIR).filter((f) => f.key.endsWith('.hbs'));
const source = (f: { body?: Buffer | string }) => String(f.body);

// Expansions the target does itself ($name, ${x[0]}, `${limit}`): both languages must keep them.
const expansions = (s: string) => (s.match(/\$\{[^}]+\}|\$\w+/g) ?? []).sort();

describe('template texts', () => {
  it.each(entries)('%s says the same things in es and en', (_key, { es, en }) => {
    expect(es.trim()).not.toBe('');
    expect(en.trim()).not.toBe('');
    expect(placeholders(es).sort()).toEqual(placeholders(en).sort());
    expect(expansions(es)).toEqual(expansions(en));
  });

  it('every text is used by a template, and every template asks for a text that exists', () => {
    const used = new Set<string>();
    for (const file of templates) for (const m of source(file).matchAll(/\(?\bt "([^"]+)"/g)) used.add(m[1]!);
    expect([...used].filter((key) => !(key in templateText))).toEqual([]);
    expect(Object.keys(templateText).filter((key) => !used.has(key))).toEqual([]);
  });

  // Prose is per-language files; code, config and scripts take their strings from the table.
  it('no code, config or script template picks a language with {{#if es}}', () => {
    const prose = /\.md\.(es|en)\.hbs$|\.(es|en)\.hbs$/;
    const offenders = templates
      .filter((f) => !prose.test(f.key))
      .filter((f) => /\{\{#if (es|en)\}\}|\(eq lang /.test(source(f)))
      .map((f) => f.key);
    expect(offenders).toEqual([]);
  });

  it('fills {name}s and refuses what it cannot fill', () => {
    expect(text('alert.down.summary', 'es', { job: 'backend' })).toBe('backend no responde desde hace 5 minutos');
    expect(text('login.tooMany', 'en')).toContain('${limit}');
    expect(() => text('alert.down.summary', 'en')).toThrow('needs job=');
    expect(() => text('no.such.text', 'en')).toThrow('no template text "no.such.text"');
  });

  it('the Grafana dashboard exists once and renders valid JSON in each language', async () => {
    expect(templates.filter((f) => f.key.includes('grafana/dashboards/')).map((f) => f.key)).toEqual([
      'monitoring-metrics/grafana/dashboards/vps.json.hbs',
    ]);
    const titles = async (answers: Answers) => {
      const files = await renderSet(answers);
      const dashboard = JSON.parse(files.get('ops/monitoring/grafana/dashboards/vps.json')!.content.toString());
      return [dashboard.title, ...dashboard.panels.map((p: { title: string }) => p.title)];
    };
    const es = await titles({ ...ANSWER_SETS.en, lang: 'es' });
    const en = await titles(ANSWER_SETS.en);
    expect(es).toHaveLength(10);
    expect(es).toContain('CPU del VPS (%)');
    expect(en).toContain('VPS CPU (%)');
    for (const [i, title] of es.entries()) expect(title).not.toBe(en[i]);
  });
});
