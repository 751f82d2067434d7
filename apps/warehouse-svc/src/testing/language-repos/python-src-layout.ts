import { GitFixture } from '../git-fixture.js';

/** Modules in `acme.big`: more than one API page lists, so it is split into parts. */
export const PY_BIG_MODULES = 45;

/**
 * A Python library in the src layout: package `acme` with sub-packages (`acme.cli` with a
 * console script and a `__main__.py`, importing `acme.core` absolutely and `acme.util`
 * relatively), a namespace package (no `__init__.py`) and a large package; definitions under `if TYPE_CHECKING:` and
 * `try:`, a class with nested class, properties and private members, reST docstrings;
 * tests, a docs site and CI beside the code.
 */
export function buildPythonRepo(): GitFixture {
  const repo = new GitFixture('repowiki-py-');
  repo
    .write('README.md', '# acme-tools\n\nTools for acme.\n')
    .write(
      'pyproject.toml',
      '[project]\nname = "acme-tools"\ndescription = "Tools for acme."\n\n[project.scripts]\nacme = "acme.cli.main:run"\n',
    )
    .write('noxfile.py', 'import nox\n\n@nox.session\ndef tests(session):\n    session.run("pytest")\n')
    .write(
      'src/acme/__init__.py',
      '"""The acme package."""\nfrom .core import Engine, run\n\n__all__ = ["Engine", "run", "VERSION"]\nVERSION = "1.0"\n',
    )
    .write(
      'src/acme/core.py',
      [
        '"""Core engine."""',
        'from typing import TYPE_CHECKING',
        '',
        'if TYPE_CHECKING:',
        '    from acme.util.text import Text',
        '',
        '    def only_typed(value: "Text") -> None:',
        '        """Exists for type checkers."""',
        '',
        'try:',
        '    import ujson as json',
        '',
        '    def fast_dumps(value):',
        '        """Dumps with ujson."""',
        '        return json.dumps(value)',
        'except ImportError:  # pragma: no cover',
        '    import json',
        '',
        '',
        'class Engine(object):',
        '    """Runs :class:`~acme.core.Job` objects, see :func:`run` for details.',
        '',
        '    Longer text that is not the summary.',
        '    """',
        '',
        '    DEFAULT_WORKERS = 3',
        '',
        '    def __init__(self, name: str) -> None:',
        '        self._name = name',
        '',
        '    def start(self, *, timeout: float = 1.0) -> bool:  # noqa: E501',
        '        """Starts the engine and waits up to ``timeout`` seconds."""',
        '        return True',
        '',
        '    @property',
        '    def name(self) -> str:',
        '        """The engine\'s name."""',
        '        return self._name',
        '',
        '    def _private(self):',
        '        pass',
        '',
        '    class Config:',
        '        """Settings of an engine."""',
        '',
        '        def load(self, path):',
        '            """Loads settings from **path**."""',
        '',
        '',
        'def run(engine: "Engine", *args, **kwargs) -> int:',
        '    """Run an engine until it stops. Returns the exit code.',
        '',
        '    :param engine: the engine',
        '    """',
        '    return 0',
        '',
      ].join('\n'),
    )
    .write('src/acme/util/__init__.py', '')
    .write(
      'src/acme/util/text.py',
      'class Text(str):\n    """A text."""\n\n\ndef slugify(value: str) -> str:\n    """Turns *value* into a slug."""\n    return value\n',
    )
    .write('src/acme/plugins/extra.py', 'def register(name):\n    """Registers a plugin."""\n')
    .write('src/acme/cli/__init__.py', '')
    .write('src/acme/cli/__main__.py', 'from .main import run\n\nrun()\n')
    .write(
      'src/acme/cli/main.py',
      [
        '"""The command line."""',
        'from __future__ import annotations',
        '',
        'import sys',
        '',
        'import requests',
        '',
        'from acme.core import Engine',
        'from ..util.text import slugify',
        'from acme import plugins',
        'from .....beyond import nothing',
        '',
        '',
        'def run() -> int:',
        '    """Runs the command."""',
        '    return Engine(slugify(sys.argv[0])).start()',
        '',
      ].join('\n'),
    )
    .write('tests/test_core.py', 'from acme import Engine\n\n\ndef test_engine():\n    assert Engine("x")\n')
    .write('tests/conftest.py', 'import pytest\n')
    .write('docs/conf.py', 'project = "acme"\n')
    .write('docs/index.rst', 'acme\n====\n')
    .write('.github/workflows/ci.yml', 'on: push\n');
  for (let i = 0; i < PY_BIG_MODULES; i++) {
    const n = String(i).padStart(2, '0');
    repo.write(`src/acme/big/m${n}.py`, `def fn_${n}():\n    """Function ${n}."""\n`);
  }
  repo.write('src/acme/big/__init__.py', '');
  repo.commit('acme tools');
  return repo;
}
