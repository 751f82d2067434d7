import { GitFixture } from '../git-fixture.js';

/**
 * A Go library whose main package sits at the repository root (its whole public API),
 * with methods in another file than their type, an interface, struct fields, an internal
 * package, a command, a test file and CI.
 */
export function buildGoRepo(): GitFixture {
  const repo = new GitFixture('repowiki-go-');
  repo
    .write('README.md', '# gokit\n\nA small HTTP kit.\n')
    .write('go.mod', 'module github.com/acme/gokit\n\ngo 1.22\n')
    .write(
      'kit.go',
      [
        '// Package gokit is a small HTTP kit.',
        'package gokit',
        '',
        'import (',
        '\t"context"',
        '\t"errors"',
        '',
        '\t"github.com/acme/gokit/internal/wire"',
        ')',
        '',
        '// Version is the kit version.',
        'const Version = "1.0"',
        '',
        '// ErrClosed is returned after Close.',
        'var ErrClosed = errors.New("closed")',
        '',
        '// Client talks to the server.',
        'type Client struct {',
        '\t// Name identifies the client.',
        '\tName    string',
        '\ttimeout int',
        '}',
        '',
        '// NewClient makes a Client.',
        'func NewClient(name string) *Client {',
        '\treturn &Client{Name: name}',
        '}',
        '',
        '// Do sends a request and waits for its response.',
        'func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {',
        '\t_ = wire.Encode(req.Path)',
        '\treturn nil, nil',
        '}',
        '',
        '// Doer sends requests.',
        'type Doer interface {',
        '\t// Do sends one request.',
        '\tDo(ctx context.Context, req *Request) (*Response, error)',
        '}',
        '',
        '// Option configures a Client.',
        'type Option func(*Client)',
        '',
      ].join('\n'),
    )
    .write(
      'request.go',
      'package gokit\n\n// Request is one call.\ntype Request struct {\n\tPath string\n}\n\n// Response is its answer.\ntype Response struct{ Code int }\n\n// String shows the request.\nfunc (r Request) String() string { return r.Path }\n',
    )
    .write(
      'close.go',
      'package gokit\n\n// Close ends the client.\nfunc (c *Client) Close() error { return nil }\n',
    )
    .write(
      'internal/wire/wire.go',
      'package wire\n\n// Encode writes a path.\nfunc Encode(path string) []byte { return []byte(path) }\n',
    )
    .write(
      'transport.go',
      'package gokit\n\nimport (\n\t"net/http"\n\n\t"github.com/acme/gokit/internal/wire"\n)\n\n// Transport sends requests over HTTP.\ntype Transport struct{ c *http.Client }\n\nvar _ = wire.Encode\n',
    )
    .write(
      'cmd/gokit/main.go',
      'package main\n\nimport (\n\t"github.com/acme/gokit"\n\t"github.com/acme/gokit/nothing"\n)\n\nfunc main() { gokit.NewClient("x"); nothing.Do() }\n',
    )
    .write(
      'kit_test.go',
      'package gokit\n\nimport "testing"\n\nfunc TestClient(t *testing.T) { NewClient("x") }\n',
    )
    .write('.github/workflows/go.yml', 'on: push\n');
  repo.commit('gokit');
  return repo;
}
