import { describe, expect, it } from 'vitest';
import { extractSymbols } from './symbols.js';

// Issue 13, item 5: the Overview and module one-liners read what a package says about itself.

describe('packageDoc', () => {
  it.each([
    [
      'Go package comment',
      'Go',
      "// Copyright 2026 Acme.\n\n// Package pflag is a drop-in replacement for Go's flag package.\n// It implements POSIX flags.\npackage pflag\n",
      "Package pflag is a drop-in replacement for Go's flag package.",
    ],
    [
      'Java package-info',
      'Java',
      '/**\n * Streams of JSON tokens. See {@link JsonReader}.\n */\npackage com.google.gson.stream;\n',
      'Streams of JSON tokens. See JsonReader.',
    ],
    [
      'Python module docstring',
      'Python',
      '"""Click is a command line toolkit."""\n\nfrom .core import Command\n',
      'Click is a command line toolkit.',
    ],
    [
      'Rust inner doc',
      'Rust',
      '//! Fast parsing of flags.\n//! More text.\n\npub fn parse() {}\n',
      'Fast parsing of flags. More text.',
    ],
  ])('%s', async (_, language, source, doc) => {
    expect((await extractSymbols(language, source))?.packageDoc).toBe(doc);
  });

  it('is absent when the comment is a licence header apart from the clause, or there is none', async () => {
    expect((await extractSymbols('Go', '// Copyright Acme.\n\npackage x\n'))?.packageDoc).toBeUndefined();
    expect((await extractSymbols('Python', 'x = 1\n"""not a docstring"""\n'))?.packageDoc).toBeUndefined();
    expect(
      (await extractSymbols('TypeScript', '/** File. */\nexport const a = 1;\n'))?.packageDoc,
    ).toBeUndefined();
  });
});
