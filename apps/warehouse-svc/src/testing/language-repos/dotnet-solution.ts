import { GitFixture } from '../git-fixture.js';

/**
 * A .NET solution: project `Acme.Core` (namespaces `Acme.Core` and `Acme.Core.Models`),
 * project `Acme.App` using both and an outside namespace, a test project.
 */
export function buildCsharpRepo(): GitFixture {
  const repo = new GitFixture('repowiki-cs-');
  repo
    .write('README.md', '# Acme\n')
    .write('src/Acme.Core/Acme.Core.csproj', '<Project Sdk="Microsoft.NET.Sdk"></Project>')
    .write(
      'src/Acme.Core/Client.cs',
      'using Acme.Core.Models;\n\nnamespace Acme.Core;\n\npublic class Client { public User Me() => new User(); }\n',
    )
    .write('src/Acme.Core/Models/User.cs', 'namespace Acme.Core.Models;\n\npublic class User {}\n')
    .write(
      'src/Acme.App/Acme.App.csproj',
      '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>',
    )
    .write(
      'src/Acme.App/Program.cs',
      'using System.Text;\nusing Acme.Core;\nusing Models = Acme.Core.Models;\n\nnamespace Acme.App\n{\n    public static class Program\n    {\n        public static void Main(string[] args) { new Client(); }\n    }\n}\n',
    )
    .write('tests/Acme.Core.Tests/Acme.Core.Tests.csproj', '<Project Sdk="Microsoft.NET.Sdk"></Project>')
    .write('tests/Acme.Core.Tests/ClientTests.cs', 'using Acme.Core;\n\npublic class ClientTests {}\n');
  repo.commit('acme dotnet');
  return repo;
}
