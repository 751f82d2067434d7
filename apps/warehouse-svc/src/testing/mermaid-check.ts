import { JSDOM } from 'jsdom';

type Mermaid = typeof import('mermaid')['default'];
let loaded: Promise<Mermaid> | undefined;

/**
 * Mermaid 11 itself, in this test process: it sanitises labels with DOMPurify, which needs
 * a `window`, so a jsdom window is installed as the global one first. Only for test files
 * (each runs in its own process).
 */
function mermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const { window } = new JSDOM('<!doctype html><html><body></body></html>');
    Object.assign(globalThis, { window, document: window.document });
    const { default: m } = await import('mermaid');
    m.initialize({ startOnLoad: false });
    return m;
  })();
  return loaded;
}

export interface ParsedFlowchart {
  readonly type: string;
  /** Node ids in the diagram as Mermaid read it. */
  readonly nodes: string[];
  readonly edges: number;
}

/** Parses a diagram with Mermaid's own parser; throws its parse error. */
export async function parseMermaid(source: string): Promise<ParsedFlowchart> {
  const m = await mermaid();
  const { diagramType } = await m.parse(source);
  const diagram = await m.mermaidAPI.getDiagramFromText(source);
  const db = diagram.db as { getVertices(): Map<string, unknown>; getEdges(): unknown[] };
  return { type: diagramType, nodes: [...db.getVertices().keys()], edges: db.getEdges().length };
}
