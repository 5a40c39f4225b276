using Correlator.Domain;

namespace Correlator.Incidents;

/// <summary>Reads the High / Medium / Low scale that criticality, impact and urgency share.</summary>
internal static class Levels
{
    public static bool TryParse(string? text, out Impact level)
    {
        level = Impact.Low;
        return text is not null && Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level) && !char.IsDigit(text[0]);
    }

    public static Impact Raise(Impact level, int steps) => (Impact)Math.Max((int)Impact.High, (int)level - steps);

    public static Urgency Raise(Urgency level, int steps) => (Urgency)Math.Max((int)Urgency.High, (int)level - steps);
}
