/**
 * Size limits of a mind map. A reader renders the whole map at once, so it must stay small.
 * Depth counts the root as 1.
 */
export const MAP_LIMITS = {
  /** @default 500 nodes including the root */
  maxNodes: 500,
  /** @default 6 levels including the root */
  maxDepth: 6,
  /** Key symbols (types first) drawn under one module at most. @default 10 */
  symbolsPerModule: 10,
  /** Key members drawn under one type at most. @default 6 */
  membersPerSymbol: 6,
  /** Entries per directory when the map is drawn from the file tree. @default 20 */
  entriesPerDirectory: 20,
  /** Levels of the file tree drawn when there is no code outline. @default 3 */
  directoryDepth: 3,
} as const;
