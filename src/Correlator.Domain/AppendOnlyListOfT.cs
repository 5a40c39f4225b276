using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Correlator.Domain;

/// <summary>
/// An immutable list whose <see cref="Add"/> costs amortized O(1) and allocates no tree: versions made one after the
/// other share one backing array, each seeing only its own first <see cref="Count"/> items. An append writes into the
/// array only if no other version has appended past this one's end (claimed atomically); otherwise — two versions
/// grown from the same one — the list is copied. Incidents grow this way, one link at a time, to thousands of links:
/// <see cref="ImmutableList{T}"/> path-copied about log2(n) tree nodes per append.
/// </summary>
[CollectionBuilder(typeof(AppendOnlyList), nameof(AppendOnlyList.Create))]
public sealed class AppendOnlyList<T> : IReadOnlyList<T>
{
    private const int MinCapacity = 4;

    private readonly Store _store;
    private readonly int _count;

    private AppendOnlyList(Store store, int count)
    {
        _store = store;
        _count = count;
    }

    internal static AppendOnlyList<T> Empty { get; } = new(new Store([], 0, new object()), 0);

    public int Count => _count;

    public bool IsEmpty => _count == 0;

    /// <summary>
    /// Identifies the versions that share a backing history: any two lists with the same lineage hold the same item at
    /// every position both have. Lets a derived index (see <see cref="Incident"/>) be shared along the versions.
    /// </summary>
    internal object Lineage => _store.Lineage;

    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"The list has {_count} items.");
            }

            return _store.Items[index];
        }
    }

    /// <summary>A list of these items and then <paramref name="item"/>; this one is unchanged.</summary>
    public AppendOnlyList<T> Add(T item)
    {
        var store = _store;
        if (_count > 0 && Interlocked.CompareExchange(ref store.Used, _count + 1, _count) == _count)
        {
            // This version's end is the end of its history: the slot after it is ours.
            if (_count < store.Items.Length)
            {
                store.Items[_count] = item;
                return new AppendOnlyList<T>(store, _count + 1);
            }

            return new AppendOnlyList<T>(store.Grow(_count, item, store.Lineage), _count + 1);
        }

        // The empty list, or another version already appended after this one: a history of its own.
        return new AppendOnlyList<T>(store.Grow(_count, item, new object()), _count + 1);
    }

    /// <summary>A copy of the items in a list of their own (nothing shared with any other list).</summary>
    internal static AppendOnlyList<T> From(ReadOnlySpan<T> items) =>
        items.IsEmpty ? Empty : new AppendOnlyList<T>(new Store(items.ToArray(), items.Length, new object()), items.Length);

    /// <summary>The items of an immutable list (a snapshot read from the store, a list built elsewhere).</summary>
    public static implicit operator AppendOnlyList<T>(ImmutableList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.IsEmpty)
        {
            return Empty;
        }

        var array = new T[items.Count];
        items.CopyTo(array);
        return new AppendOnlyList<T>(new Store(array, array.Length, new object()), array.Length);
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)new ArraySegment<T>(_store.Items, 0, _count)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable<T>)this).GetEnumerator();

    /// <summary>Walks the items without allocating.</summary>
    public struct Enumerator
    {
        private readonly T[] _items;
        private readonly int _count;
        private int _index;

        internal Enumerator(AppendOnlyList<T> list)
        {
            _items = list._store.Items;
            _count = list._count;
            _index = -1;
        }

        public readonly T Current => _items[_index];

        public bool MoveNext() => ++_index < _count;
    }

    /// <summary>A backing array and how many of its slots some version has claimed.</summary>
    private sealed class Store(T[] items, int used, object lineage)
    {
        public readonly T[] Items = items;
        public readonly object Lineage = lineage;
        public int Used = used;

        /// <summary>A larger array holding the first <paramref name="count"/> items and then <paramref name="item"/>.</summary>
        public Store Grow(int count, T item, object lineage)
        {
            var items = new T[Math.Max(MinCapacity, count * 2)];
            Array.Copy(Items, items, count);
            items[count] = item;
            return new Store(items, count + 1, lineage);
        }
    }
}
