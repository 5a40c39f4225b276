using System.Collections.Immutable;

namespace Correlator.Domain.Tests;

public sealed class AppendOnlyListTests
{
    [Fact]
    public void Add_OneAfterAnother_EachVersionKeepsItsOwnItems()
    {
        AppendOnlyList<int> empty = [];
        var versions = new List<AppendOnlyList<int>> { empty };
        for (int i = 0; i < 100; i++)
        {
            versions.Add(versions[^1].Add(i));
        }

        for (int n = 0; n <= 100; n++)
        {
            Assert.Equal(Enumerable.Range(0, n), versions[n]);
            Assert.Equal(n, versions[n].Count);
        }
    }

    [Fact]
    public void Add_TwoVersionsFromTheSameOne_NeitherSeesTheOther()
    {
        AppendOnlyList<string> start = ["a", "b"];
        var grown = start.Add("c");

        var branch = start.Add("x");
        var grownFurther = grown.Add("d");
        var branchFurther = branch.Add("y");

        Assert.Equal(["a", "b"], start);
        Assert.Equal(["a", "b", "c"], grown);
        Assert.Equal(["a", "b", "c", "d"], grownFurther);
        Assert.Equal(["a", "b", "x"], branch);
        Assert.Equal(["a", "b", "x", "y"], branchFurther);
        Assert.Same(grown.Lineage, grownFurther.Lineage);
        Assert.NotSame(grown.Lineage, branch.Lineage);
    }

    [Fact]
    public void Add_FromAVersionThatFilledItsArray_SecondBranchGetsItsOwnLineage()
    {
        AppendOnlyList<int> one = [1];
        var grown = one.Add(2);

        var branch = one.Add(3);

        Assert.Equal([1, 2], grown);
        Assert.Equal([1, 3], branch);
        Assert.NotSame(grown.Lineage, branch.Lineage);
    }

    [Fact]
    public void Indexer_OutsideTheVersion_Throws_EvenWhenTheSharedArrayHoldsMore()
    {
        AppendOnlyList<int> list = [1, 2, 3];
        var longer = list.Add(4);

        Assert.Equal(4, longer[3]);
        Assert.Equal(3, list[^1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
    }

    [Fact]
    public void FromImmutableList_CopiesTheItems()
    {
        AppendOnlyList<int> list = ImmutableList.Create(5, 6, 7);
        AppendOnlyList<int> none = ImmutableList<int>.Empty;

        Assert.Equal([5, 6, 7], list);
        Assert.True(none.IsEmpty);
        Assert.Equal([5, 6, 7, 8], list.Add(8));
    }

    [Fact]
    public async Task Add_ConcurrentBranchesFromOneVersion_EachGetsExactlyItsOwnItems()
    {
        AppendOnlyList<int> start = [0];
        var tasks = Enumerable.Range(1, 8).Select(t => Task.Run(() =>
        {
            var list = start;
            for (int i = 0; i < 1000; i++)
            {
                list = list.Add(t * 10_000 + i);
            }

            return (t, list);
        }));

        foreach (var (t, list) in await Task.WhenAll(tasks))
        {
            Assert.Equal([0, .. Enumerable.Range(0, 1000).Select(i => t * 10_000 + i)], list);
        }
    }
}
