import { GitFixture } from '../git-fixture.js';

const pom = (artifactId: string, extra = '') =>
  `<project><modelVersion>4.0.0</modelVersion><groupId>com.acme</groupId><artifactId>${artifactId}</artifactId>${extra}</project>`;

/**
 * A multi-module Maven library: module `core` holds five Java packages (a class with
 * nested types, an annotation type, an interface with default methods, a record, generic
 * methods, Javadoc with tags and HTML), module `extras` one; a test tree, the Maven wrapper
 * and CI beside them.
 */
export function buildJavaRepo(): GitFixture {
  const repo = new GitFixture('repowiki-java-');
  const main = 'core/src/main/java/com/acme/core';
  repo
    .write('README.md', '# acme-json\n\nJSON for acme.\n')
    .write('pom.xml', pom('acme-parent', '<modules><module>core</module><module>extras</module></modules>'))
    .write('core/pom.xml', pom('acme-core', '<description>Core JSON library</description>'))
    .write(
      `${main}/Gson.java`,
      [
        'package com.acme.core;',
        '',
        'import com.acme.core.reflect.TypeToken;',
        '',
        '/**',
        ' * The main entry point. Use {@link Builder} to configure one; see',
        ' * <a href="https://example.test">the guide</a>.',
        ' *',
        ' * <p>Instances are thread-safe.',
        ' * @since 1.0',
        ' */',
        'public final class Gson {',
        '  /** The format version. */',
        '  public static final String VERSION = "2";',
        '  private int depth;',
        '',
        '  /** Creates a default instance. */',
        '  public Gson() {}',
        '',
        '  /**',
        '   * Converts {@code src} to JSON.',
        '   * @param src the object',
        '   * @return the JSON text',
        '   */',
        '  public String toJson(Object src) {',
        '    return "";',
        '  }',
        '',
        '  /** Reads JSON into a value of {@code type}. */',
        '  public <T> T fromJson(String json, Class<T> type) throws JsonException {',
        '    return null;',
        '  }',
        '',
        '  /** Builds configured instances. */',
        '  public static class Builder {',
        '    /** Accepts malformed JSON. */',
        '    public Builder setLenient() {',
        '      return this;',
        '    }',
        '  }',
        '',
        '  /** How strictly input is read. */',
        '  public enum Mode {',
        '    STRICT,',
        '    LENIENT;',
        '',
        '    public boolean strict() { return this == STRICT; }',
        '  }',
        '}',
        '',
      ].join('\n'),
    )
    .write(
      `${main}/JsonException.java`,
      'package com.acme.core;\n\n/** Bad JSON. */\npublic class JsonException extends RuntimeException {}\n',
    )
    .write(
      `${main}/annotations/SerializedName.java`,
      [
        'package com.acme.core.annotations;',
        '',
        'import java.lang.annotation.*;',
        '',
        '/** Names a field in JSON. */',
        '@Retention(RetentionPolicy.RUNTIME)',
        '@Target(ElementType.FIELD)',
        'public @interface SerializedName {',
        '  /** The name. */',
        '  String value();',
        '  /** Other accepted names. */',
        '  String[] alternate() default {};',
        '}',
        '',
      ].join('\n'),
    )
    .write(
      `${main}/stream/JsonReader.java`,
      'package com.acme.core.stream;\n\nimport java.io.*;\n\n/** Reads a JSON stream token by token. */\npublic class JsonReader implements Closeable {\n  public JsonReader(Reader in) {}\n  /** Consumes a {@literal {}. */\n  public void beginObject() throws IOException {}\n  @Override\n  public void close() {}\n}\n',
    )
    .write(
      `${main}/reflect/TypeToken.java`,
      'package com.acme.core.reflect;\n\nimport java.lang.reflect.Type;\n\n/** A generic type captured at run time. */\npublic class TypeToken<T> {\n  protected TypeToken() {}\n  /** The captured type. */\n  public final Type getType() { return null; }\n  /** The token of {@code type}. */\n  public static TypeToken<?> get(Type type) { return null; }\n}\n',
    )
    .write(
      `${main}/internal/Util.java`,
      'package com.acme.core.internal;\n\n/** Internal helpers. */\npublic interface Util {\n  /** Checks a value. */\n  default boolean check(Object o) { return o != null; }\n  int size();\n  /** Two values. */\n  record Pair(int left, int right) {}\n}\n',
    )
    .write(
      'core/src/test/java/com/acme/core/GsonTest.java',
      'package com.acme.core;\n\nimport org.junit.Test;\n\npublic class GsonTest {\n  @Test\n  public void roundTrip() {}\n}\n',
    )
    .write('extras/pom.xml', pom('acme-extras', '<description>Extra adapters</description>'))
    .write(
      'extras/src/main/java/com/acme/extras/Extras.java',
      'package com.acme.extras;\n\nimport com.acme.core.Gson;\nimport com.acme.core.stream.*;\nimport static com.acme.core.reflect.TypeToken.get;\nimport org.slf4j.Logger;\n\n/** Adapters for common types. */\npublic class Extras {\n  public static Gson withExtras() { return new Gson(); }\n\n  public static void main(String[] args) {}\n}\n',
    )
    .write('.mvn/wrapper/maven-wrapper.properties', 'distributionUrl=https://example.test/maven.zip\n')
    .write('mvnw', '#!/bin/sh\necho mvn\n')
    .write('.github/workflows/maven.yml', 'on: push\n');
  repo.commit('acme json');
  return repo;
}
