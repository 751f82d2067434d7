import { describe, expect, it } from 'vitest';
import { renderCatalog } from './warehouse-show.command.js';

const node = (
  id: string,
  parentId: string | null,
  name: string,
  pageTitle: string | null = null,
  isCompleted = false,
) => ({
  id,
  parentId,
  name,
  url: name.toLowerCase(),
  order: 0,
  isCompleted,
  pageTitle,
});

describe('renderCatalog', () => {
  it('indents children under their parent and shows page titles and completion', () => {
    expect(
      renderCatalog([
        node('a', null, 'Overview', 'Project overview', true),
        node('b', null, 'Modules'),
        node('c', 'b', 'Parser', 'The parser'),
        node('d', 'c', 'Lexer'),
      ]),
    ).toEqual(['✓ Overview — Project overview', '· Modules', '  · Parser — The parser', '    · Lexer']);
  });

  it('shows an orphan (its parent deleted) at the top level rather than losing it', () => {
    expect(renderCatalog([node('x', 'gone', 'Orphan')])).toEqual(['· Orphan']);
  });
});
