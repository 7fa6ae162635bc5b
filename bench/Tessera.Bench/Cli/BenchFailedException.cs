namespace Tessera.Bench.Cli;

/// <summary>A measurement could not be taken or its requests did not succeed: exit code 1.</summary>
internal sealed class BenchFailedException : Exception
{
    public BenchFailedException(string message)
        : base(message)
    {
    }

    public BenchFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
