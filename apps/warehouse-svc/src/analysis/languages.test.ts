import { describe, expect, it } from 'vitest';
import { detectLanguage } from './languages.js';

describe('detectLanguage', () => {
  it('resolves the extensions several languages claim to the language people mean', () => {
    expect(detectLanguage('src/index.ts')?.name).toBe('TypeScript');
    expect(detectLanguage('lib.rs')?.name).toBe('Rust');
    expect(detectLanguage('docs/README.md')?.name).toBe('Markdown');
    expect(detectLanguage('Program.cs')?.name).toBe('C#');
    expect(detectLanguage('a/b/main.go')?.name).toBe('Go');
    expect(detectLanguage('x.py')?.name).toBe('Python');
    expect(detectLanguage('App.java')?.name).toBe('Java');
    expect(detectLanguage('view.tsx')?.name).toBe('TSX');
  });

  it('knows file names without extensions and reports unknown files as undefined', () => {
    expect(detectLanguage('Dockerfile')?.name).toBe('Dockerfile');
    expect(detectLanguage('Makefile')?.name).toBe('Makefile');
    expect(detectLanguage('weird.zzqq')).toBeUndefined();
  });
});
