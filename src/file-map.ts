// The generated repo in memory: path -> bytes and mode. render() builds it; the writer, the
// manifest, dry runs, snapshots and upgrades all take it.
export interface FileEntry {
  content: Buffer;
  /** 0o644 or 0o755; scripts keep their executable bit from the template. */
  mode: number;
}
export type FileMap = Map<string, FileEntry>;
