import { describe, expect, it } from 'vitest';
import { MAX_INTRO_CHARS, readmeIntro } from './readme-intro.js';

describe('readmeIntro', () => {
  it('passes over a centred logo and sponsor block spanning blank lines (issue 13, item 5)', () => {
    const md = [
      '<div align="center">',
      '\t<br>',
      '\t<div>',
      '\t\t<img width="600" src="media/logo.svg" alt="ky">',
      '\t</div>',
      '',
      '\tHuge thanks to our sponsors for keeping this project alive!',
      '',
      '\t<a href="https://sponsor.example"><img src="s.png"></a>',
      '</div>',
      '',
      '> Ky is a tiny and elegant HTTP client based on the Fetch API',
      '',
      '[![Coverage](https://x/badge.svg)](https://x) [![Downloads](https://y/d.svg)](https://y)',
      '',
      'More prose.',
    ].join('\n');
    expect(readmeIntro(md)).toBe('Ky is a tiny and elegant HTTP client based on the Fetch API');
  });

  it('passes over headings, badges, link rows, code, lists, alerts and HTML-only paragraphs', () => {
    const md = [
      '# Title',
      '',
      '<p align="center"><b>Sponsored by</b> <a href="https://s.example">Acme</a></p>',
      '',
      '[![Build](https://ci/badge.svg)](https://ci)',
      '',
      '[Docs](https://d) | [API](https://a) · [Chat](https://c)',
      '',
      '> [!NOTE]',
      '> Version 2 is out.',
      '',
      '- a list item first',
      '',
      '```sh',
      'npm install thing',
      '',
      'thing --help is a command',
      '```',
      '',
      'Thing parses <em>flags</em> and\narguments for command-line tools.',
    ].join('\n');
    expect(readmeIntro(md)).toBe('Thing parses flags and arguments for command-line tools.');
  });

  it('reads reStructuredText READMEs', () => {
    const md = [
      '.. image:: https://x/logo.png',
      '   :align: center',
      '',
      '|pypi| |build|',
      '',
      'Click',
      '=====',
      '',
      'Click is a Python package for creating beautiful command line interfaces.',
    ].join('\n');
    expect(readmeIntro(md)).toBe('Click is a Python package for creating beautiful command line interfaces.');
  });

  it('still finds prose after an HTML block left open (broken markup)', () => {
    expect(readmeIntro('<div align="center">\n<img src="x.png">\n\nAcme does useful things for you.\n')).toBe(
      'Acme does useful things for you.',
    );
  });

  it('is undefined when there is no prose, and cuts long prose after a whole word', () => {
    expect(readmeIntro(undefined)).toBeUndefined();
    expect(readmeIntro('# Only a title\n\n<img src="x.png">\n\n[![b](u)](v)\n')).toBeUndefined();
    const long = readmeIntro(`${'word '.repeat(400)}end`) ?? '';
    expect(Array.from(long).length).toBeLessThanOrEqual(MAX_INTRO_CHARS + 1);
    expect(long).toMatch(/ word…$/);
  });
});
