using Correlator.Testing;

namespace Correlator.Storage.Tests;

public sealed partial class SqliteStoreTests
{
    [Fact]
    public async Task ListIncidentsAsync_DuringCommits_NeverFailsAndSeesWholeCommits()
    {
        const int Commits = 60;
        await OpenAsync();
        var writer = Task.Run(async () =>
        {
            for (int id = 1; id <= Commits; id++)
            {
                var signal = Some.Alert(service: "svc" + id, at: id);
                await CommitAsync(Changes([Open(id, signal, at: id)], State(signal, id, firstSeen: id)));
            }
        }, Ct);

        var reads = await Task.WhenAll(ReadUntilAsync(writer), ReadUntilAsync(writer));

        await writer;
        Assert.All(reads, totals => Assert.Equal(totals.Order(), totals));
        Assert.Equal(Commits, (await Store.ListIncidentsAsync(new IncidentQuery(), Ct)).Total);
    }

    /// <summary>Lists incidents until the writer finishes; every incident seen must already carry its signal.</summary>
    private async Task<List<int>> ReadUntilAsync(Task writer)
    {
        var totals = new List<int>();
        while (!writer.IsCompleted)
        {
            var page = await Store.ListIncidentsAsync(new IncidentQuery { Limit = IncidentQuery.MaxLimit }, Ct);
            Assert.Equal(page.Total, page.Items.Count);
            Assert.All(page.Items, item => Assert.Equal(1, item.FiringCount));
            totals.Add(page.Total);
        }

        return totals;
    }
}
