// One line of an upgrade's plan: what happens to one file. The plan makes them, the journal
// records them for a resumed run, the report prints them.
import type { FileEntry } from '../file-map.js';

export type Status = 'updated' | 'kept' | 'merged' | 'conflict' | 'added' | 'removed' | 'deleted';

export interface PlanEntry {
  path: string;
  status: Status;
  /** Why, when the status alone does not say it (shown after the line). */
  note?: 'moved' | 'template-dropped' | 'binary' | 'exists' | 'no-base' | 'unresolved' | 'symlink' | 'renamed';
  /** Old path when a migration moved the file, or the founder renamed it (note 'renamed'). */
  movedFrom?: string;
  /** What goes on disk at path (absent: leave the file as it is). */
  write?: FileEntry;
  /** Paths to delete. */
  remove: string[];
  /** The file was already handled by an interrupted run (or the founder made the same change). */
  done?: boolean;
  /** CHECKLIST.md: the founder's ticked items that could not be carried over (shown after the line). */
  lostTicks?: string[];
  /** A conflict's three versions, for git's index (stages 1, 2, 3); no base when there was none. */
  sides?: { base?: Buffer; ours: Buffer; theirs: Buffer; mode: number };
}
