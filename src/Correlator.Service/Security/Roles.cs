namespace Correlator.Service.Security;

/// <summary>
/// The roles a person or an API key holds, and the policies endpoints require. An admin may do everything;
/// incident and problem managers may read everything and act on their own records; a viewer only reads;
/// an ingest key may only send signals and metrics — it cannot read anything back.
/// </summary>
internal static class Roles
{
    public const string Viewer = "viewer";
    public const string IncidentManager = "incident-manager";
    public const string ProblemManager = "problem-manager";
    public const string Admin = "admin";
    public const string Ingest = "ingest";

    public static IReadOnlyList<string> All { get; } = [Viewer, IncidentManager, ProblemManager, Admin, Ingest];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>Authorization policy names, each a set of roles (see <see cref="SecurityServices"/>).</summary>
internal static class Policies
{
    /// <summary>Reading incidents, problems, statistics, metrics: every role but ingest.</summary>
    public const string Read = "read";

    /// <summary>Sending signals or metrics: ingest keys and admins.</summary>
    public const string Ingest = "ingest";

    /// <summary>Acting on incidents (acknowledge, assign, confirm, dismiss, resolve).</summary>
    public const string ManageIncidents = "manage-incidents";

    /// <summary>Accepting or rejecting problem suggestions.</summary>
    public const string ManageProblems = "manage-problems";

    /// <summary>Accounts, keys, audit log.</summary>
    public const string Admin = "admin";

    public static IReadOnlyDictionary<string, string[]> RolesOf { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [Read] = [Roles.Viewer, Roles.IncidentManager, Roles.ProblemManager, Roles.Admin],
        [Ingest] = [Roles.Ingest, Roles.Admin],
        [ManageIncidents] = [Roles.IncidentManager, Roles.Admin],
        [ManageProblems] = [Roles.ProblemManager, Roles.Admin],
        [Admin] = [Roles.Admin],
    };
}
