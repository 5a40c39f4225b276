namespace Correlator.Incidents;

public sealed partial class ProblemMiner
{
    /// <summary>The incidents of one signature still inside its window (for seasonal keys: one per week).</summary>
    private sealed class Recent
    {
        private readonly Queue<(long Id, DateTimeOffset At, TimeSpan Downtime)> _items = new();

        public int Count => _items.Count;

        public IEnumerable<long> Ids => _items.Select(i => i.Id);

        public DateTimeOffset First => _items.Peek().At;

        public DateTimeOffset Last { get; private set; }

        public TimeSpan Downtime => _items.Aggregate(TimeSpan.Zero, (sum, i) => sum + i.Downtime);

        public void Add(HistoricIncident incident, TimeSpan downtime, TimeSpan window, bool onePerWeek)
        {
            while (_items.Count > 0 && incident.OpenedAt - _items.Peek().At > window)
            {
                _items.Dequeue();
            }

            // A seasonal repeat counts weeks, not incidents: a burst within the same week is one occurrence.
            if (onePerWeek && _items.Count > 0 && incident.OpenedAt - Last < TimeSpan.FromDays(6))
            {
                return;
            }

            _items.Enqueue((incident.Id, incident.OpenedAt, downtime));
            Last = incident.OpenedAt;
        }
    }
}
