// Writes the Actions secrets through GitHub's REST API with a token (GITHUB_TOKEN: a
// fine-grained token with "Secrets: read and write" on this repository). Each value is sealed
// with the repository's public key; GitHub never sees it in clear on the wire.
import { ProvisionError } from './messages.js';
import { msg } from '../i18n.js';
import { sealedBox } from './sealed-box.js';

export interface GithubTarget {
  owner: string;
  repo: string;
  token: string;
  /** https://api.github.com, or GITHUB_API_URL (GitHub Enterprise, tests). */
  apiUrl: string;
  fetch?: typeof fetch;
}

async function call(t: GithubTarget, method: 'GET' | 'PUT', path: string, body?: object): Promise<unknown> {
  // path '' lists the secrets (names only: GitHub never returns values)
  const url = `${t.apiUrl.replace(/\/+$/, '')}/repos/${encodeURIComponent(t.owner)}/${encodeURIComponent(t.repo)}/actions/secrets${path ? `/${path}` : '?per_page=100'}`;
  let res: Response;
  try {
    res = await (t.fetch ?? fetch)(url, {
      method,
      headers: {
        authorization: `Bearer ${t.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'create-pyme-stack',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    const why = String((error as { cause?: unknown }).cause ?? (error as Error).message);
    throw new ProvisionError(msg(`No se pudo conectar con GitHub (${why}).`, `Could not reach GitHub (${why}).`));
  }
  if (res.status === 401 || res.status === 403 || res.status === 404) {
    throw new ProvisionError(
      msg(
        `GitHub respondió ${res.status} a ${method} ${path}: el token no puede escribir secretos en ${t.owner}/${t.repo}. Usa un token con "Secrets: read and write" en ese repositorio, o quita GITHUB_TOKEN y usa las líneas gh.`,
        `GitHub answered ${res.status} to ${method} ${path}: the token cannot write secrets in ${t.owner}/${t.repo}. Use a token with "Secrets: read and write" on that repository, or unset GITHUB_TOKEN and use the gh lines.`,
      ),
    );
  }
  if (!res.ok)
    throw new ProvisionError(
      msg(`GitHub respondió ${res.status} a ${method} ${path}.`, `GitHub answered ${res.status} to ${method} ${path}.`),
    );
  return res.status === 204 ? null : res.json();
}

/** Sets each secret (created or replaced); returns their names. */
export async function writeGithubSecrets(t: GithubTarget, secrets: { name: string; value: string }[]): Promise<string[]> {
  const { key, key_id } = (await call(t, 'GET', 'public-key')) as { key: string; key_id: string };
  const publicKey = Buffer.from(key, 'base64');
  for (const s of secrets) {
    const encrypted_value = Buffer.from(sealedBox(Buffer.from(s.value, 'utf8'), publicKey)).toString('base64');
    await call(t, 'PUT', encodeURIComponent(s.name), { encrypted_value, key_id });
  }
  return secrets.map((s) => s.name);
}

/** Names of the repository's Actions secrets (first 100: a project has a handful). */
export async function listGithubSecrets(t: GithubTarget): Promise<string[]> {
  const { secrets } = (await call(t, 'GET', '')) as { secrets: { name: string }[] };
  return secrets.map((s) => s.name);
}
