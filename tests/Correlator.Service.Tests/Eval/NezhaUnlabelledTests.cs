using Correlator.Domain;
using Correlator.Service.Eval.Nezha;

namespace Correlator.Service.Tests.Eval;

public sealed class NezhaUnlabelledTests
{
    [Fact]
    public void Load_ReadsDayStartServiceAndASignatureWithCommas_SkipsHeaderCommentsAndBlanks()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, """
                # a comment
                day,start,service,signature

                2022-08-22,06:08,productcatalogservice,network_delay: 8 -> 150 ms caller-side, callee-side flat
                2022-08-23,14:38,productcatalogservice
                """);

            var events = UnlabelledEvent.Load(file);

            Assert.Equal(2, events.Count);
            Assert.Equal(("2022-08-22", new DateTimeOffset(2022, 8, 22, 6, 8, 0, TimeSpan.Zero), "productcatalogservice", "network_delay: 8 -> 150 ms caller-side, callee-side flat"),
                (events[0].Day, events[0].At, events[0].Service, events[0].Signature));
            Assert.Equal(string.Empty, events[1].Signature);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_ABadLine_NamesTheFileAndLine()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "day,start,service,signature\n2022-08-22,6h08,adservice,x\n");

            var error = Assert.Throws<InvalidDataException>(() => UnlabelledEvent.Load(file));

            Assert.Contains(file + ":2:", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void FalseIncidents_TheOnesInsideAnUnlabelledWindowAreCountedApart_WithTheirTime()
    {
        var t0 = new DateTimeOffset(2022, 8, 22, 0, 0, 0, TimeSpan.Zero);
        // One day of rows (1440 minutes), one labelled fault at 01:00, one unlabelled event at 05:00 (both 10-minute windows).
        var rows = Enumerable.Range(0, 1441).Select(m => new PodRow(t0.AddMinutes(m), "ads-1-a", new double[NezhaDay.Metrics.Length])).ToList();
        var day = new NezhaDay("2022-08-22", rows, [], [], [new NezhaFault(t0.AddHours(1), "ads-1-a", "ads", "cpu_contention")]);
        var unlabelled = new[] { new UnlabelledEvent("2022-08-22", t0.AddHours(5), "ads", "cpu"), new UnlabelledEvent("2022-08-23", t0.AddHours(9), "ads", "other day") };
        var incidents = new[] { t0.AddHours(1).AddMinutes(2), t0.AddHours(5).AddMinutes(3), t0.AddHours(5).AddMinutes(10), t0.AddHours(9).AddMinutes(1) }
            .Select((at, i) => Incident.Open(i + 1, "i" + i, new Signal { Source = "test", Fingerprint = "f" + i, Name = "n", Service = "ads", EventTime = at, StartsAt = at }, "rule", at))
            .ToList();

        var (count, days, inUnlabelled, unlabelledDays) = NezhaEvaluation.FalseIncidents(day, incidents, TimeSpan.FromMinutes(10), unlabelled);

        Assert.Equal(3, count); // 05:03, 05:10 (the window is [05:00, 05:10)), 09:01
        Assert.Equal(1, inUnlabelled); // only 05:03; 09:01 is another day's event
        Assert.Equal(1430 / 1440.0, days, 6);
        Assert.Equal(10 / 1440.0, unlabelledDays, 6);
    }
}
