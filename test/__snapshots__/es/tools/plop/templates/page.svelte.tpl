<!-- /{{name}}: made with `npm run new -- page {{name}}`; the home page links here. -->
<script lang="ts">
  import { appName } from '#lib/text.ts';

  const title = '{{sentenceCase name}}';
</script>

<svelte:head>
  <title>{title} · {appName}</title>
</svelte:head>

<main>
  <p><a href="/">{appName}</a></p>
  <h1>{title}</h1>
</main>

<style>
  main {
    max-width: 40rem;
    margin: 0 auto;
    padding: 2rem 1rem;
    font-family: system-ui, sans-serif;
    line-height: 1.5;
    color: #1f2937;
  }
</style>
