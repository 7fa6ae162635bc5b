namespace Tessera.Conformance.Generation;

/// <summary>
/// How often each command appears in a generated sequence. Each property
/// case has its own mix, tilted toward the requirements it is about; zero
/// leaves a command out.
/// </summary>
internal sealed record CommandMix
{
    public int Start { get; init; } = 4;

    public int Get { get; init; } = 2;

    public int Update { get; init; } = 2;

    public int End { get; init; } = 1;

    public int Watch { get; init; }

    public int Drop { get; init; }

    public int Advance { get; init; } = 2;

    public int Race { get; init; }

    /// <summary>Per cent of token starts and updates whose token is broken in some way.</summary>
    public int BrokenTokenPercent { get; init; } = 15;

    /// <summary>Per cent of starts that are guest starts.</summary>
    public int GuestPercent { get; init; } = 10;

    /// <summary>Per cent of starts with a request defect (SES-3, SES-4).</summary>
    public int RequestDefectPercent { get; init; } = 5;

    /// <summary>Per cent of session references that are unknown or empty ids.</summary>
    public int BadReferencePercent { get; init; } = 5;

    /// <summary>Client instances starts spread over; few means more ONE-1 collisions.</summary>
    public int Instances { get; init; } = 2;

    /// <summary>Per cent of updates that change identity, roles or push exp back.</summary>
    public int UpdateMismatchPercent { get; init; } = 30;
}
