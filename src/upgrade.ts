// `create-pyme-stack upgrade` (issue 8) lands here.
import type { CliOptions } from './args.js';
import { UsageError } from './errors.js';
import type { Lang } from './i18n.js';

export async function runUpgrade(_opts: CliOptions, _lang: Lang): Promise<number> {
  throw new UsageError('upgrade is not available in this version yet');
}
