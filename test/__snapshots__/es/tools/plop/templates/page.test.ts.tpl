// Renders /{{name}} on the server, as SvelteKit does for the first visit.
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Page from './+page.svelte';

describe('/{{name}}', () => {
  it('shows its title and a link home', () => {
    const { body, head } = render(Page);
    expect(body).toContain('<h1>{{sentenceCase name}}</h1>');
    expect(body).toContain('href="/"');
    expect(head).toContain('<title>{{sentenceCase name}} ·');
  });
});
