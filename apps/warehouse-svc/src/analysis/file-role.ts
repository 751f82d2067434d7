import { posix } from 'node:path';

/**
 * What a file is to the wiki: code of a module (`source`), a test, benchmark or test
 * fixture (`test`, on the Tests page), or everything else a repository holds besides code
 * (`infra`, on the Repository infrastructure page: CI, build, docs site, assets, config).
 */
export type FileRole = 'source' | 'test' | 'infra';

/** Groups of the Repository infrastructure page, in page order. */
export const INFRA_KINDS = ['ci', 'build', 'docs', 'assets', 'config', 'other'] as const;
export type InfraKind = (typeof INFRA_KINDS)[number];

export interface FileClass {
  readonly role: FileRole;
  /** Set for `infra` files only. */
  readonly infra?: InfraKind;
}

// Folder names below are matched as whole path segments, anywhere in the path.
const TEST_DIRS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'testdata',
  'test-data',
  'fixtures',
  '__fixtures__',
  '__mocks__',
  'e2e',
  'bench',
  'benches',
  'benchmark',
  'benchmarks',
]);
const TEST_FILE =
  /^(test_.*\.py|.*_test\.(py|go|rb|exs?)|conftest\.py|.*\.(test|spec|bench)\.[cm]?[jt]sx?|.*(Test|Tests|IT|Spec)\.(java|kt|scala|groovy|cs|php|swift)|.*_spec\.rb)$/;
/** .NET test projects: `Acme.Tests/`, `Acme.UnitTests/`. */
const TEST_PROJECT_DIR = /\.(Tests?|UnitTests|IntegrationTests|Specs)$/;

const CI_DIRS = new Set(['.github', '.gitlab', '.circleci', '.buildkite', '.woodpecker', '.azure-pipelines']);
const CI_FILES =
  /^(\.gitlab-ci\.ya?ml|\.travis\.ya?ml|azure-pipelines\.ya?ml|Jenkinsfile|appveyor\.ya?ml|\.drone\.ya?ml|codecov\.ya?ml|\.cirrus\.ya?ml)$/;
const DOCS_DIRS = new Set(['docs', 'doc', 'documentation', 'site', 'website', 'docs-site', 'man']);
const BUILD_DIRS = new Set(['.mvn', 'gradle', '.devcontainer', '.cargo', '.husky', '.changeset']);
const BUILD_FILES =
  /^(package\.json|pyproject\.toml|setup\.cfg|requirements.*\.txt|go\.(mod|sum|work)|Cargo\.(toml|lock)|pom\.xml|composer\.json|.*\.lock|pnpm-workspace\.yaml|lerna\.json|Makefile|GNUmakefile|CMakeLists\.txt|Dockerfile.*|.*\.dockerfile|(docker-)?compose\.ya?ml|docker-compose\..*|mvnw(\.cmd)?|gradlew(\.bat)?|setup\.py|noxfile\.py|fabfile\.py|tox\.ini|build\.rs|Rakefile|Gemfile|Justfile|justfile|Taskfile\.ya?ml|.*\.config\.[cm]?[jt]s|Gruntfile\.[cm]?js|gulpfile\.[cm]?js|.*\.gradle(\.kts)?|.*\.csproj|.*\.sln|.*\.props|.*\.targets)$/;
const ASSET_EXT =
  /\.(png|jpe?g|gif|svg|ico|icns|webp|bmp|tiff?|avif|woff2?|ttf|otf|eot|mp3|mp4|wav|ogg|webm|mov|pdf|psd|ai|sketch|fig)$/i;
const ASSET_DIRS = new Set(['assets', 'static', 'public', 'images', 'img', 'media', 'fonts', 'icons']);
/** Programming languages that are build or shell glue rather than a module's code. */
const GLUE_LANGUAGES = new Set([
  'Shell',
  'Batchfile',
  'PowerShell',
  'Makefile',
  'Dockerfile',
  'CMake',
  'Nix',
]);
/** Markup languages whose files are application code (components). */
const CODE_MARKUP = new Set(['Vue', 'Svelte', 'Astro']);
const PROSE = new Set([
  'Markdown',
  'reStructuredText',
  'AsciiDoc',
  'Text',
  'MDX',
  'Org',
  'TeX',
  'RDoc',
  'Pod',
]);

/**
 * The role of a repository path, from its folders, its name and its linguist language
 * (`type` is linguist's: programming, markup, data or prose). Deterministic and
 * path-only, so a file's role never depends on other files.
 */
export function classifyFile(path: string, language?: { name: string; type: string }): FileClass {
  const dirs = posix.dirname(path).split('/');
  const name = posix.basename(path);
  const inDir = (set: ReadonlySet<string>) => dirs.some((d) => set.has(d) || set.has(d.toLowerCase()));
  if (inDir(CI_DIRS) || CI_FILES.test(name)) return { role: 'infra', infra: 'ci' };
  if (inDir(DOCS_DIRS)) return { role: 'infra', infra: ASSET_EXT.test(name) ? 'assets' : 'docs' };
  const isCode =
    language !== undefined &&
    ((language.type === 'programming' && !GLUE_LANGUAGES.has(language.name)) ||
      CODE_MARKUP.has(language.name));
  if (isCode && (inDir(TEST_DIRS) || TEST_FILE.test(name) || dirs.some((d) => TEST_PROJECT_DIR.test(d))))
    return { role: 'test' };
  if (BUILD_DIRS.has(dirs[0] ?? '') || BUILD_FILES.test(name)) return { role: 'infra', infra: 'build' };
  if (isCode && !name.startsWith('.')) return { role: 'source' };
  if (inDir(TEST_DIRS)) return { role: 'test' };
  if (ASSET_EXT.test(name) || inDir(ASSET_DIRS)) return { role: 'infra', infra: 'assets' };
  if (language && GLUE_LANGUAGES.has(language.name)) return { role: 'infra', infra: 'build' };
  if (language && PROSE.has(language.name)) return { role: 'infra', infra: 'docs' };
  if (
    /^(readme|license|licence|copying|changelog|changes|history|authors|contributing|notice|security|code_of_conduct)(\.|$)/i.test(
      name,
    )
  )
    return { role: 'infra', infra: 'docs' };
  if (name.startsWith('.') || language?.type === 'data') return { role: 'infra', infra: 'config' };
  return { role: 'infra', infra: 'other' };
}
