/** One live catalog page as a reader gets it: text and the repository files it cites as sources. */
export interface WikiPage {
  readonly url: string;
  readonly name: string;
  readonly parentUrl: string | null;
  readonly order: number;
  /** Markdown; `''` for a catalog node without a file item. */
  readonly content: string;
  /** Repository-relative paths (`document_file_item_sources.address`), sorted. */
  readonly sources: readonly string[];
}

/** Everything the pipeline stored for one warehouse that the benchmark reads. */
export interface WikiSnapshot {
  /** In catalog order (then url). */
  readonly pages: readonly WikiPage[];
  readonly overview: string | null;
  /** `minimaps.value`, as stored. */
  readonly minimap: unknown;
}
