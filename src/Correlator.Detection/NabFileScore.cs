namespace Correlator.Detection;

/// <summary>
/// One file's NAB result for one profile: its raw (unnormalised) score and what made it up.
/// Windows and false positives count only rows after the probation period.
/// </summary>
public sealed record NabFileScore(
    string RelativePath,
    double RawScore,
    int WindowsDetected,
    int WindowsMissed,
    int FalsePositives);
