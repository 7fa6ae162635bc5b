namespace Tessera.Conformance.Cli;

/// <summary>What the command line asks for.</summary>
internal enum CliCommand
{
    Run,
    List,
    Help,
}
