namespace Correlator.Detection.Multivariate;

/// <summary>
/// Evaluates <see cref="EntityAnomalyModel"/> on ASD: per server, trained on the train half, the
/// test half scored row by row. An alert is the first anomalous row after a normal one; a segment is
/// caught by an anomalous row inside it, with the delay from its start and the top metrics blamed
/// at that row; an alert starting outside every segment is false.
/// </summary>
public static class AsdEvaluation
{
    public static AsdServerResult Evaluate(AsdServer server, EntityModelOptions options, int blamedMetrics, string? saveDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentOutOfRangeException.ThrowIfLessThan(blamedMetrics, 1);
        var model = EntityAnomalyModel.Train(server.Metrics, server.Train, options);
        if (saveDirectory is not null)
        {
            model.Save(saveDirectory, server.Name);
        }

        var scores = model.Score(server.Test);
        var inSegment = new bool[scores.Count];
        foreach (var segment in server.Segments)
        {
            for (var row = segment.First; row <= segment.Last; row++)
            {
                inSegment[row] = true;
            }
        }

        var falseAlerts = 0;
        for (var row = 0; row < scores.Count; row++)
        {
            if (scores[row].IsAnomaly && (row == 0 || !scores[row - 1].IsAnomaly) && !inSegment[row])
            {
                falseAlerts++;
            }
        }

        var segments = server.Segments.Select(segment =>
        {
            for (var row = segment.First; row <= segment.Last; row++)
            {
                if (scores[row].IsAnomaly)
                {
                    var blamed = scores[row].Contributions.Take(blamedMetrics).Select(c => c.Index + 1).ToArray();
                    return new AsdSegmentResult(server.Name, segment, row, blamed);
                }
            }

            return new AsdSegmentResult(server.Name, segment, null, []);
        }).ToArray();

        var days = scores.Count * AsdServer.MinutesPerRow / 1440.0;
        return new AsdServerResult(server.Name, segments, falseAlerts, days, model.Threshold);
    }
}
