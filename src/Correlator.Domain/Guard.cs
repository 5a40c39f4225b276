namespace Correlator.Domain;

/// <summary>Invariant checks shared by the domain records.</summary>
internal static class Guard
{
    public static string NotBlank(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        return value;
    }

    public static DateTimeOffset Set(DateTimeOffset value, string name)
    {
        if (value == default)
        {
            throw new ArgumentException($"{name} must be set.", name);
        }

        return value;
    }
}
