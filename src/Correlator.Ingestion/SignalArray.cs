using System.Text.Json;
using Correlator.Domain;

namespace Correlator.Ingestion;

/// <summary>
/// Reads a JSON array of items into signals for every parser: the count limit first, then each item with
/// its path, stopping when the error list is full; all or nothing.
/// </summary>
internal static class SignalArray
{
    /// <param name="head">The array's path (<c>alerts</c>, or empty for a top-level array).</param>
    /// <param name="noun">What the items are, for the limit's message.</param>
    public static ParseResult Read<TState>(
        JsonElement array,
        string head,
        string noun,
        Limit limit,
        ErrorList errors,
        TState state,
        Func<TState, JsonElement, FieldPath, ErrorList, Signal?> readItem)
    {
        int count = array.GetArrayLength();
        if (limit.IsExceededBy(count))
        {
            errors.Add(head.Length == 0 ? "$" : head, limit.Exceeded(count, noun));
            return errors.ToFailure();
        }

        var signals = new List<Signal>(count);
        int index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (errors.IsFull)
            {
                break;
            }

            if (readItem(state, item, FieldPath.Item(head, index++), errors) is { } signal && !errors.HasErrors)
            {
                signals.Add(signal);
            }
        }

        return errors.HasErrors ? errors.ToFailure() : ParseResult.Success(signals);
    }
}
