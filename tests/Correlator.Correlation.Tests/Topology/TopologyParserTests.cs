using Correlator.Correlation.Rules;
using Correlator.Correlation.Topology;

namespace Correlator.Correlation.Tests.Topology;

public sealed class TopologyParserTests
{
    [Fact]
    public void Parse_YamlEdgesAndDependencies_OneGraph()
    {
        var graph = TopologyParser.Parse([("t.yaml", "nodes: [lonely]\nedges:\n  - {from: frontend, to: checkout}\ndependencies:\n  checkout: [payment, db]\n")]);

        Assert.Equal(5, graph.NodeCount);
        Assert.Equal(3, graph.EdgeCount);
        Assert.True(graph.DependsOn("frontend", "db"));
        Assert.False(graph.DependsOn("db", "frontend"));
        Assert.True(graph.Contains("lonely"));
    }

    [Fact]
    public void Parse_CmdbCsvWithQuotesAndExtraColumns_EdgesRead()
    {
        var csv = "Source,Target,Weight\r\nfrontend,checkout,3\r\n\"cart, v2\",redis,1\r\n";

        var graph = TopologyParser.Parse([("cmdb.csv", csv)]);

        Assert.Equal(2, graph.EdgeCount);
        Assert.True(graph.DependsOn("cart, v2", "redis"));
    }

    [Theory]
    [InlineData("name,weight\nfrontend,1\n", 1, "(header)", "source column")]
    [InlineData("source,target\nfrontend,\n", 2, "target", "empty")]
    [InlineData("source,target\na,b\n,c\n", 3, "source", "empty")]
    public void Parse_BadCsv_ErrorNamesLineAndColumn(string csv, int line, string key, string message)
    {
        var error = Assert.Throws<RuleFileException>(() => TopologyParser.Parse([("cmdb.csv", csv)]));

        var first = error.Errors[0];
        Assert.Equal(("cmdb.csv", line, key), (first.File, first.Line, first.Key));
        Assert.Contains(message, first.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadYaml_ErrorNamesKey()
    {
        var error = Assert.Throws<RuleFileException>(() => TopologyParser.Parse([("t.yaml", "edges:\n  - {from: a}\n")]));

        Assert.Equal(("t.yaml", 2, "edges[0].to"), (error.Errors[0].File, error.Errors[0].Line, error.Errors[0].Key));
    }

    [Fact]
    public void Walk_Chain_DistancesInEitherDirection()
    {
        var graph = new TopologyGraph([("a", "b"), ("b", "c"), ("c", "d")]);
        var seen = new List<(string, int)>();

        graph.Walk("b", 2, (node, hops) =>
        {
            seen.Add((node, hops));
            return true;
        });

        Assert.Equal([("b", 0), ("a", 1), ("c", 1), ("d", 2)], seen);
    }
}
