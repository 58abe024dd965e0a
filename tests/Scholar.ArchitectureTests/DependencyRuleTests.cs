using System.Reflection;
using System.Xml.Linq;
using Scholar.Application.Abstractions;
using Scholar.Domain.Common;
using Scholar.Infrastructure.Persistence;

namespace Scholar.ArchitectureTests;

/// <summary>
/// Domain ← Application ← Infrastructure ← Web, OpsConsole. Checked twice: in the project files
/// (what a layer may reference) and in the compiled assemblies (what it actually uses).
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string Root = FindRoot();

    public static TheoryData<string, string[]> AllowedProjectReferences => new()
    {
        { "src/Domain/Scholar.Domain.csproj", [] },
        { "src/Application/Scholar.Application.csproj", ["Scholar.Domain"] },
        { "src/Infrastructure/Scholar.Infrastructure.csproj", ["Scholar.Application"] },
        { "src/Web/Scholar.Web.csproj", ["Scholar.Infrastructure"] },
        { "src/OpsConsole/Scholar.OpsConsole.csproj", ["Scholar.Infrastructure"] },
    };

    [Theory]
    [MemberData(nameof(AllowedProjectReferences))]
    public void Projects_reference_only_the_layer_beneath(string project, string[] allowed)
    {
        var references = XDocument.Load(Path.Combine(Root, project))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, allowed));
    }

    [Fact]
    public void Domain_references_no_package()
    {
        var packages = XDocument.Load(Path.Combine(Root, "src/Domain/Scholar.Domain.csproj"))
            .Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "FrameworkReference")
            .Select(e => e.Attribute("Include")?.Value)
            .ToList();

        Assert.Empty(packages);
    }

    [Fact]
    public void Domain_assembly_uses_nothing_but_the_runtime()
    {
        var foreign = References(typeof(DomainException).Assembly)
            .Where(n => n is not ("System.Runtime" or "netstandard" or "mscorlib") && !n.StartsWith("System.", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(foreign);
    }

    [Fact]
    public void Application_assembly_does_not_reach_outward()
    {
        var references = References(typeof(IAppDbContext).Assembly);

        Assert.DoesNotContain(references, n => n is "Scholar.Infrastructure" or "Scholar.Web" or "Scholar.OpsConsole");
        Assert.DoesNotContain(references, n => n.StartsWith("Npgsql", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Infrastructure_assembly_does_not_reach_the_hosts()
    {
        var references = References(typeof(AppDbContext).Assembly);

        Assert.DoesNotContain(references, n => n is "Scholar.Web" or "Scholar.OpsConsole");
    }

    private static List<string> References(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Scholar.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Scholar.sln not found above the test binaries.");
    }
}
