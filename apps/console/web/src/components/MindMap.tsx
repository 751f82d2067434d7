import type { MiniMapTree } from '@repowiki/contracts';
import type { IPureNode } from 'markmap-common';
import { Markmap } from 'markmap-view';
import { useEffect, useRef } from 'react';

/** minimap-svc's tree → markmap's node shape. Titles are plain text: escaped, never markup. */
function toNode(t: MiniMapTree): IPureNode {
  const text = t.title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return { content: text, children: t.nodes.map(toNode), payload: { fold: 0 } };
}

/** The repository's mind map drawn by markmap (d3, zoom and fold), not hand-made SVG. */
export function MindMap({ tree }: { tree: MiniMapTree }) {
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!svg.current) return;
    const mm = Markmap.create(svg.current, { duration: 0, maxWidth: 320 }, toNode(tree));
    return () => mm.destroy();
  }, [tree]);
  return <svg ref={svg} className="mindmap" data-testid="mindmap" />;
}
