namespace Tessera.Conformance.Tests.Mutants;

/// <summary>What <see cref="WatchFrameRewriter"/> breaks in a watch stream.</summary>
internal enum WatchFault
{
    /// <summary>The first event of every stream is sent twice: a resume repeats the resume point (breaks EVT-4, EVT-1).</summary>
    DuplicateFirstEvent,

    /// <summary>One more event follows the terminated one (breaks EVT-3).</summary>
    EventAfterTerminal,
}
