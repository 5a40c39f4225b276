namespace Correlator.Domain;

/// <summary>Builds <see cref="AppendOnlyList{T}"/> values; the target of collection expressions (<c>[a, b]</c>, <c>[.. items]</c>).</summary>
public static class AppendOnlyList
{
    public static AppendOnlyList<T> Create<T>(ReadOnlySpan<T> items) => AppendOnlyList<T>.From(items);
}
