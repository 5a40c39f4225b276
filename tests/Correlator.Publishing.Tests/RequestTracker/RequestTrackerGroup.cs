using Correlator.Testing;

namespace Correlator.Publishing.Tests.RequestTracker;

/// <summary>Every RT test of this project in one collection around the shared server.</summary>
[CollectionDefinition(Name)]
public sealed class RequestTrackerGroup : ICollectionFixture<RequestTrackerServer>
{
    public const string Name = "Request Tracker 5";
}
