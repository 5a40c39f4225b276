using Correlator.Domain;

namespace Correlator.Incidents;

public sealed partial class ProblemMiner
{
    /// <summary>The problem manager accepts a suggestion: it becomes a problem record to publish; its signature keeps collecting incidents.</summary>
    public Problem Accept(long id, string actor, string? note, DateTimeOffset at) => Decide(id, ProblemState.Accepted, actor, note, at);

    /// <summary>The problem manager rejects a suggestion: its signature is remembered and not proposed again.</summary>
    public Problem Reject(long id, string actor, string? note, DateTimeOffset at) => Decide(id, ProblemState.Rejected, actor, note, at);

    private Problem Decide(long id, ProblemState state, string actor, string? note, DateTimeOffset at)
    {
        if (!_byId.TryGetValue(id, out var problem))
        {
            throw new KeyNotFoundException($"There is no problem suggestion {id}.");
        }

        if (problem.State != ProblemState.Suggested)
        {
            throw new InvalidOperationException($"Problem {id} was already {problem.State.ToString().ToLowerInvariant()}.");
        }

        var decided = problem with { State = state, DecidedAt = at, DecidedBy = actor, Note = note };
        Remember(decided);
        return decided;
    }
}
