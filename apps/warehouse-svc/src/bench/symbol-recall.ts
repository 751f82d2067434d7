import type { Definition } from './public-definitions.js';

/** A page as recall needs it: what it cites and the identifiers it writes as code. */
export interface RecallPage {
  readonly sources: readonly string[];
  readonly content: string;
  readonly codeIdentifiers: ReadonlySet<string>;
}

export interface Recall {
  readonly found: number;
  readonly total: number;
  /** Definitions no page mentions, in input order. */
  readonly missed: readonly Definition[];
}

/**
 * A definition is found when a page that covers its file writes its name as code. A page
 * covers a file when the file is one of its recorded sources or its path appears in the
 * page text (a citation such as `src/a.py#L3-L9` or a blob URL). Matching is by name, so a
 * method shares credit with any same-named identifier on that page.
 */
export function symbolRecall(definitions: readonly Definition[], pages: readonly RecallPage[]): Recall {
  const sourceSets = pages.map((p) => new Set(p.sources));
  const covering = new Map<string, number[]>();
  const pagesCovering = (path: string) => {
    let list = covering.get(path);
    if (!list) {
      list = [];
      for (const [i, p] of pages.entries()) {
        if (sourceSets[i]?.has(path) || p.content.includes(path)) list.push(i);
      }
      covering.set(path, list);
    }
    return list;
  };
  const missed = definitions.filter(
    (d) => !pagesCovering(d.path).some((i) => pages[i]?.codeIdentifiers.has(d.name)),
  );
  return { found: definitions.length - missed.length, total: definitions.length, missed };
}
