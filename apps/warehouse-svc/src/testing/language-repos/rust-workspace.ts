import { GitFixture } from '../git-fixture.js';

/**
 * A Cargo workspace: library crate `acme-core` (modules `parser` and `parser::lexer`, a
 * file module `util`, imports through `crate::`, `self::`, `super::` and a module declared
 * beside the file) and binary crate `acme-cli`, which uses the library by its crate name;
 * an integration test, an outside crate and a wrong path.
 */
export function buildRustRepo(): GitFixture {
  const repo = new GitFixture('repowiki-rust-');
  repo
    .write('README.md', '# acme\n\nA parser.\n')
    .write('Cargo.toml', '[workspace]\nmembers = ["crates/*"]\n')
    .write('crates/core/Cargo.toml', '[package]\nname = "acme-core"\n\n[dependencies]\nserde = "1"\n')
    .write(
      'crates/core/src/lib.rs',
      '//! The acme parser.\npub mod parser;\npub mod util;\n\npub use parser::Parser;\n',
    )
    .write('crates/core/src/util.rs', '/// Helps.\npub fn helper() {}\n')
    .write(
      'crates/core/src/parser/mod.rs',
      'pub mod ast;\npub mod lexer;\n\nuse crate::util::helper;\nuse self::ast::Node;\nuse serde::Serialize;\n\n/// Parses text.\npub struct Parser;\n\nimpl Parser {\n    /// Parses one node.\n    pub fn parse(&self) -> Node {\n        helper();\n        Node\n    }\n}\n',
    )
    .write('crates/core/src/parser/ast.rs', 'use super::Parser;\n\n/// A syntax node.\npub struct Node;\n')
    .write(
      'crates/core/src/parser/lexer/mod.rs',
      'use crate::{util, parser::ast::Node as AstNode};\n\n/// Splits text into tokens.\npub struct Lexer;\n',
    )
    .write(
      'crates/cli/Cargo.toml',
      '[package]\nname = "acme-cli"\n\n[dependencies]\nacme-core = { path = "../core" }\n',
    )
    .write(
      'crates/cli/src/main.rs',
      'use acme_core::parser::ast::Node;\nuse acme_core::util::helper;\nuse std::io;\nuse crate::nope::Missing;\n\nfn main() {\n    helper();\n}\n',
    )
    .write('crates/core/tests/it.rs', 'use acme_core::Parser;\n\n#[test]\nfn parses() {}\n');
  repo.commit('acme workspace');
  return repo;
}
