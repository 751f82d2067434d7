import { describe, expect, it } from 'vitest';
import { cleanDoc, MAX_DOC_CHARS } from './doc-text.js';

describe('cleanDoc', () => {
  it('keeps the first sentence of a Javadoc comment without tags or HTML', () => {
    expect(
      cleanDoc(
        '/**\n * The main entry point. Use {@link Builder} to configure one; see\n * <a href="https://x">the guide</a>.\n *\n * <p>Instances are thread-safe.\n * @since 1.0\n */',
      ),
    ).toBe('The main entry point. Use Builder to configure one; see the guide.');
    expect(cleanDoc('/**\n * Converts {@code src} to JSON.\n * @param src the object\n */')).toBe(
      'Converts src to JSON.',
    );
    expect(cleanDoc('/** See {@link Foo#bar(int) the bar} and {@inheritDoc} */')).toBe('See the bar and');
  });

  it('reads reST roles, literals and field lists in Python docstrings', () => {
    expect(
      cleanDoc('Runs :class:`~acme.core.Job` objects, see :func:`run` for details.\n\nLonger text.'),
    ).toBe('Runs Job objects, see run for details.');
    expect(cleanDoc('Starts and waits up to ``timeout`` seconds.\n:param timeout: seconds')).toBe(
      'Starts and waits up to timeout seconds.',
    );
    expect(cleanDoc('Loads settings from **path**.\n\nArgs:\n    path: where')).toBe(
      'Loads settings from path.',
    );
    expect(cleanDoc('Summary line\n----------\nmore')).toBe('Summary line');
  });

  it('takes the summary of C# XML doc and Markdown links of Rust docs', () => {
    expect(
      cleanDoc('/// <summary>Greets <see cref="T:Acme.World"/> and <paramref name="who"/>.</summary>'),
    ).toBe('Greets Acme.World and who.');
    expect(cleanDoc('/// Parses a [`Token`] stream, see [the book](https://x).\n/// # Errors')).toBe(
      'Parses a Token stream, see the book.',
    );
  });

  it('keeps code as written, also what looks like a tag', () => {
    expect(cleanDoc('/** Returns a {@code List<String>} of `Map<K, V>` values, not <b>bold</b>. */')).toBe(
      'Returns a List<String> of Map<K, V> values, not bold.',
    );
  });

  it('drops lint pragmas and comment markers', () => {
    expect(cleanDoc('// eslint-disable-next-line no-console')).toBeUndefined();
    expect(cleanDoc('//nolint:gocyclo\n// Serve starts the server.')).toBe('Serve starts the server.');
    expect(cleanDoc('# noqa: E501')).toBeUndefined();
    expect(cleanDoc('Does a thing.  # type: ignore')).toBe('Does a thing.');
  });

  it('takes a second sentence when the first is short, and respects abbreviations', () => {
    expect(cleanDoc('Run it. Returns the exit code. Then more.')).toBe('Run it. Returns the exit code.');
    expect(
      cleanDoc('Handles inputs, e.g. files, sockets and pipes, as one kind of stream each. Second sentence.'),
    ).toBe('Handles inputs, e.g. files, sockets and pipes, as one kind of stream each.');
  });

  it('never cuts inside a word', () => {
    const long = `${'word '.repeat(100)}end.`;
    const doc = cleanDoc(long) ?? '';
    expect(doc.length).toBeLessThanOrEqual(MAX_DOC_CHARS);
    expect(doc.endsWith(' word…')).toBe(true);
    expect(
      doc
        .slice(0, -1)
        .split(' ')
        .every((w) => w === 'word'),
    ).toBe(true);
  });
});
