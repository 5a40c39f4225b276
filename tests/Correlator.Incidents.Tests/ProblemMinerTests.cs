using Correlator.Domain;

namespace Correlator.Incidents.Tests;

public sealed class ProblemMinerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 3, 0, 0, TimeSpan.Zero);

    private static ProblemMiningOptions Options(int k = 3, int windowDays = 7, bool seasonal = false, double title = 0) => new()
    {
        MinOccurrences = k,
        Window = TimeSpan.FromDays(windowDays),
        Signature = ["component", "pattern"],
        Seasonal = seasonal,
        TitleSimilarity = title,
    };

    private static HistoricIncident Inc(long id, double day, string? component, string pattern, string title = "Disk full on db-1", double downtimeHours = 1) =>
        new(id, T0.AddDays(day), T0.AddDays(day).AddHours(downtimeHours), title) { Component = component, Pattern = pattern };

    public static TheoryData<int, int, long[][]> History => new()
    {
        // k, window hours → incidents grouped into problems (known answer for the history below)
        { 3, 168, [[1, 2, 4, 7], [3, 5, 8]] },
        { 4, 168, [[1, 2, 4, 7]] },
        { 3, 36, [[3, 5, 8]] },
        { 3, 35, [] },
        { 2, 12, [[1, 2, 4, 7], [3, 5, 8]] },
    };

    [Theory]
    [MemberData(nameof(History))]
    public void Observe_SyntheticHistory_GroupsRecurringSignatures(int k, int windowHours, long[][] expected)
    {
        // db-1/DiskFull on days 0, 0.5, 2, 6; web-2/OOM on days 1, 1.5, 2.5; noise that never repeats (6, 9) or lacks a component (10).
        HistoricIncident[] history =
        [
            Inc(1, 0, "db-1", "DiskFull"), Inc(2, 0.5, "db-1", "DiskFull"), Inc(3, 1, "web-2", "OOM"),
            Inc(4, 2, "db-1", "DiskFull"), Inc(5, 1.5, "web-2", "OOM"), Inc(6, 3, "db-1", "CpuHigh"),
            Inc(7, 6, "db-1", "DiskFull"), Inc(8, 2.5, "web-2", "OOM"), Inc(9, 3, "web-2", "DiskFull"), Inc(10, 3.1, null, "OOM"),
        ];
        var options = Options(k);
        options.Window = TimeSpan.FromHours(windowHours);
        var miner = new ProblemMiner(options, []);

        foreach (var incident in history.OrderBy(i => i.OpenedAt))
        {
            miner.Observe(incident);
        }

        var groups = miner.Problems.Select(p => p.IncidentIds.Order().ToArray()).OrderBy(g => g[0]).ToArray();
        Assert.Equal(expected.Length, groups.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], groups[i]);
        }
    }

    [Fact]
    public void Observe_KthOccurrence_ProposesWithFrequencyDowntimeAndDescription()
    {
        var miner = new ProblemMiner(Options(), []);
        Assert.Empty(miner.Observe(Inc(1, 0, "db-1", "DiskFull", downtimeHours: 2)));
        Assert.Empty(miner.Observe(Inc(2, 1, "db-1", "DiskFull", downtimeHours: 3)));

        var problem = Assert.Single(miner.Observe(Inc(3, 2, "db-1", "DiskFull", downtimeHours: 4)));

        Assert.Equal(ProblemState.Suggested, problem.State);
        Assert.Equal([1L, 2, 3], problem.IncidentIds);
        Assert.Equal(TimeSpan.FromHours(9), problem.TotalDowntime);
        Assert.Equal(1.5, problem.PerDay);
        Assert.Equal(T0.AddDays(2), problem.ProposedAt);
        Assert.Contains("component=db-1, pattern=DiskFull", problem.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Reject_Pattern_IsNotProposedAgainButAChangedPatternIs()
    {
        var miner = new ProblemMiner(Options(k: 2), []);
        miner.Observe(Inc(1, 0, "db-1", "DiskFull"));
        var problem = miner.Observe(Inc(2, 1, "db-1", "DiskFull")).Single();

        var rejected = miner.Reject(problem.Id, "pm", "expected during backups", T0.AddDays(1));
        var again = Enumerable.Range(3, 5).SelectMany(i => miner.Observe(Inc(i, i, "db-1", "DiskFull"))).ToList();
        miner.Observe(Inc(20, 8, "db-2", "DiskFull"));
        var changed = miner.Observe(Inc(21, 8.5, "db-2", "DiskFull"));

        Assert.Equal(ProblemState.Rejected, rejected.State);
        Assert.Empty(again);
        Assert.Equal("component=db-2|pattern=DiskFull", Assert.Single(changed).Signature);
        Assert.Throws<InvalidOperationException>(() => miner.Accept(problem.Id, "pm", null, T0));
    }

    [Fact]
    public void Reject_Remembered_AcrossARestartFromTheStore()
    {
        var first = new ProblemMiner(Options(k: 2), []);
        first.Observe(Inc(1, 0, "db-1", "DiskFull"));
        var rejected = first.Reject(first.Observe(Inc(2, 1, "db-1", "DiskFull")).Single().Id, "pm", null, T0);

        var restarted = new ProblemMiner(Options(k: 2), [rejected]);
        restarted.Observe(Inc(3, 2, "db-1", "DiskFull"));
        var proposals = restarted.Observe(Inc(4, 3, "db-1", "DiskFull"));
        var next = restarted.Observe(Inc(5, 3, "db-9", "X")).Concat(restarted.Observe(Inc(6, 3, "db-9", "X"))).Single();

        Assert.Empty(proposals);
        Assert.Equal(rejected.Id + 1, next.Id);
    }

    [Fact]
    public void Accept_Suggestion_KeepsCollectingIncidents()
    {
        var miner = new ProblemMiner(Options(k: 2), []);
        miner.Observe(Inc(1, 0, "db-1", "DiskFull"));
        var problem = miner.Observe(Inc(2, 1, "db-1", "DiskFull")).Single();

        var accepted = miner.Accept(problem.Id, "pm", "PRB-12", T0.AddDays(1));
        var joined = miner.Observe(Inc(3, 30, "db-1", "DiskFull")).Single();

        Assert.Equal((ProblemState.Accepted, "pm"), (accepted.State, accepted.DecidedBy));
        Assert.Equal([1L, 2, 3], joined.IncidentIds);
    }

    [Fact]
    public void Observe_Episodes_AQuietWindowEndsASuggestion()
    {
        var options = Options(k: 2);
        options.Window = TimeSpan.FromHours(1);
        options.Episodes = true;
        var miner = new ProblemMiner(options, []);
        double[] hours = [0, 0.5, 1.2, 5, 5.5, 30];

        for (int i = 0; i < hours.Length; i++)
        {
            miner.Observe(Inc(i + 1, hours[i] / 24, "db-1", "DiskFull"));
        }

        var groups = miner.Problems.OrderBy(p => p.Id).Select(p => p.IncidentIds.ToArray()).ToArray();
        Assert.Equal([[1L, 2, 3], [4L, 5]], groups);
    }

    [Fact]
    public void Observe_Seasonal_SameHourOfWeekInKWeeks_ProposesARepeat()
    {
        var miner = new ProblemMiner(Options(k: 3, windowDays: 1, seasonal: true), []);

        var proposals = new[] { 0, 7, 14 }.SelectMany(d => miner.Observe(Inc(d + 1, d, "batch-1", "JobFailed"))).ToList();

        var seasonal = Assert.Single(proposals);
        Assert.Contains("recurs weekly on Monday around 03:00", seasonal.Description, StringComparison.Ordinal);
        Assert.Equal([1L, 8, 15], seasonal.IncidentIds);
    }

    [Fact]
    public void Observe_TitleSimilarity_SplitsDissimilarTitles()
    {
        var miner = new ProblemMiner(Options(k: 2, title: 0.5), []);

        miner.Observe(Inc(1, 0, "db-1", "Alert", "Disk full on db-1"));
        miner.Observe(Inc(2, 0.1, "db-1", "Alert", "Replication lag on db-1"));
        var similar = miner.Observe(Inc(3, 0.2, "db-1", "Alert", "Disk full on db-1 again"));

        Assert.Equal([1L, 3], Assert.Single(similar).IncidentIds);
    }

    private static long[][] Groups(ProblemMiner miner) => miner.Problems.OrderBy(p => p.Id).Select(p => p.IncidentIds.Order().ToArray()).ToArray();

    [Theory]
    [InlineData(0, new[] { 8 })]
    [InlineData(3, new[] { 3, 3, 2 })]
    [InlineData(4, new[] { 4, 4 })]
    public void Observe_MaxIncidents_SplitsALongRunIntoParts(int maxIncidents, int[] sizes)
    {
        // One signature every 6 hours, k=2 within 7 days, for ever (no episodes): without a cap one suggestion takes all 8.
        var options = Options(k: 2);
        options.MaxIncidents = maxIncidents;
        var miner = new ProblemMiner(options, []);
        for (int i = 1; i <= 8; i++)
        {
            miner.Observe(Inc(i, (i - 1) / 4.0, "db-1", "DiskFull"));
        }

        var groups = Groups(miner);
        Assert.Equal(sizes, groups.Select(g => g.Length));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), groups.SelectMany(g => g));
        var parts = miner.Problems.OrderBy(p => p.Id).ToList();
        Assert.Equal("component=db-1|pattern=DiskFull", parts[0].Signature);
        Assert.All(parts.Skip(1), p => Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"component=db-1|pattern=DiskFull|since={p.FirstSeenAt:yyyy-MM-ddTHH:mm:ssZ}"), p.Signature));
    }

    [Fact]
    public void Observe_MaxSpan_StartsANewPartAfterTheSpan()
    {
        var options = Options(k: 2);
        options.MaxIncidents = 0;
        options.MaxSpan = TimeSpan.FromDays(1);
        var miner = new ProblemMiner(options, []);
        double[] days = [0, 0.5, 0.9, 1.2, 1.5, 1.6, 2.3];
        for (int i = 0; i < days.Length; i++)
        {
            miner.Observe(Inc(i + 1, days[i], "db-1", "DiskFull"));
        }

        // Part 1 spans days 0-0.9; day 1.2 is past a day from its start and opens part 2 (1.2-1.6); 2.3 is alone so far.
        Assert.Equal([[1L, 2, 3], [4L, 5, 6]], Groups(miner));
    }

    [Fact]
    public void Observe_MaxIncidents_AnAcceptedProblemKeepsCollecting_ARejectedPartStopsTheSignature()
    {
        var options = Options(k: 2);
        options.MaxIncidents = 2;
        var accepting = new ProblemMiner(options, []);
        accepting.Observe(Inc(1, 0, "db-1", "DiskFull"));
        var first = accepting.Observe(Inc(2, 0.1, "db-1", "DiskFull")).Single();
        accepting.Accept(first.Id, "pm", null, T0.AddDays(0.2));
        accepting.Observe(Inc(3, 0.3, "db-1", "DiskFull"));
        accepting.Observe(Inc(4, 0.4, "db-1", "DiskFull"));
        Assert.Equal([[1L, 2, 3, 4]], Groups(accepting));

        var rejecting = new ProblemMiner(options, []);
        for (int i = 1; i <= 4; i++)
        {
            rejecting.Observe(Inc(i, i / 10.0, "db-1", "DiskFull"));
        }

        var second = rejecting.Problems.MaxBy(p => p.Id)!;
        Assert.Equal([3L, 4], second.IncidentIds);
        rejecting.Reject(second.Id, "pm", "noise", T0.AddDays(0.5));
        for (int i = 5; i <= 8; i++)
        {
            Assert.Empty(rejecting.Observe(Inc(i, i / 10.0, "db-1", "DiskFull")));
        }

        Assert.Equal(2, rejecting.Problems.Count);
    }
}
