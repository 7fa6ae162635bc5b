namespace Tessera.Server.Redis.Tests.Processes;

/// <summary>
/// The tests that start a cluster of processes run one after the other: two clusters at
/// once on 2 cores would only make each one's real-clock timeline slower.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessTestsCollection
{
    public const string Name = "reference-server processes";
}
