using System.Globalization;

namespace Correlator.Ingestion;

/// <summary>
/// The JSON path of one item of a payload, e.g. <c>alerts[3]</c> or <c>[2].data</c>. Kept in parts and
/// rendered only when an error is reported, so the happy path allocates no path strings.
/// </summary>
internal readonly struct FieldPath
{
    private const int MaxKeyShown = 64;

    private readonly string _head;
    private readonly int _index;
    private readonly string? _tail;

    private FieldPath(string head, int index, string? tail)
    {
        _head = head;
        _index = index;
        _tail = tail;
    }

    /// <summary>The body itself.</summary>
    public static FieldPath Root => new(string.Empty, -1, null);

    /// <summary>Element <paramref name="index"/> of the array at <paramref name="head"/> (empty for a top-level array).</summary>
    public static FieldPath Item(string head, int index) => new(head, index, null);

    /// <summary>A member object below this item, e.g. the <c>data</c> of a CloudEvent.</summary>
    public FieldPath Member(string name) => new(_head, _index, _tail is null ? name : _tail + "." + name);

    /// <summary>The item itself, <c>$</c> when it is the body.</summary>
    public string Self()
    {
        var rendered = Render();
        return rendered.Length == 0 ? "$" : rendered;
    }

    public string Of(string field)
    {
        var rendered = Render();
        return rendered.Length == 0 ? field : rendered + "." + field;
    }

    /// <summary>A key inside an object member: <c>labels.alertname</c>, or <c>labels["odd key"]</c> when the key is no identifier.</summary>
    public string Of(string field, string key) => Of(field) + KeySegment(key);

    private string Render()
    {
        var index = _index < 0 ? string.Empty : "[" + _index.ToString(CultureInfo.InvariantCulture) + "]";
        var tail = _tail is null ? string.Empty : (_head.Length == 0 && index.Length == 0 ? _tail : "." + _tail);
        return _head + index + tail;
    }

    private static string KeySegment(string key)
    {
        bool plain = key.Length is > 0 and <= MaxKeyShown && !char.IsAsciiDigit(key[0]);
        foreach (char c in key)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c == '_';
        }

        if (plain)
        {
            return "." + key;
        }

        var shown = key.Length > MaxKeyShown ? key[..MaxKeyShown] + "…" : key;
        return "[\"" + shown.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"]";
    }
}
