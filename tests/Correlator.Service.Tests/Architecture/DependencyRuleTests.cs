using System.Reflection;

namespace Correlator.Service.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md: the domain references nothing of ours and no package;
/// stage projects reference only the domain; only the service composes them.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Correlator.Domain"] = [],
        ["Correlator.Ingestion"] = ["Correlator.Domain"],
        ["Correlator.Correlation"] = ["Correlator.Domain"],
        ["Correlator.Storage"] = ["Correlator.Domain"],
        ["Correlator.Detection"] = ["Correlator.Domain"],
        ["Correlator.Publishing"] = ["Correlator.Domain"],
        ["Correlator.Incidents"] = ["Correlator.Domain"],
        ["Correlator.Detection.Multivariate"] = [],
        ["correlator"] = ["Correlator.Domain", "Correlator.Ingestion", "Correlator.Correlation", "Correlator.Detection", "Correlator.Storage", "Correlator.Publishing", "Correlator.Incidents", "Correlator.Detection.Multivariate", "Correlator.Kafka", "Correlator.Prediction"],
        // Kafka adapter (issue 3): parses with the shared parsers, hands signals to the pipeline through its own interface.
        ["Correlator.Kafka"] = ["Correlator.Domain", "Correlator.Ingestion"],
        // Anticipation (issue 10): features, classifier and model registry over the domain's signals only.
        ["Correlator.Prediction"] = ["Correlator.Domain"],
    };

    public static TheoryData<string> Projects => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Projects))]
    public void References_OfEachProject_FollowTheDependencyRule(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);

        var ours = assembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? string.Empty)
            .Where(n => n.StartsWith("Correlator.", StringComparison.Ordinal) || n == "correlator")
            .Order(StringComparer.Ordinal)
            .ToArray();

        var forbidden = ours.Except(Allowed[assemblyName]).ToArray();
        Assert.True(forbidden.Length == 0, $"{assemblyName} must not reference {string.Join(", ", forbidden)}");
    }

    [Fact]
    public void Domain_ReferencesOnlyTheFramework()
    {
        var assembly = Assembly.Load("Correlator.Domain");

        var references = assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToArray();

        Assert.All(references, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Correlator.Domain references {name}; the domain must stay free of packages and I/O libraries"));
    }

    [Fact]
    public void Solution_HasNoCorrelatorProjectOutsideTheRule()
    {
        var root = FindRoot();
        var projects = Directory.GetFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p))
            .Select(n => n == "Correlator.Service" ? "correlator" : n)
            .Order(StringComparer.Ordinal);

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), projects);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Correlator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Correlator.sln not found above " + AppContext.BaseDirectory);
    }
}
