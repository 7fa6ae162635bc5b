namespace Tessera.Interop.Tests.Peers;

/// <summary>A peer program that ran to its end: how it exited and what it printed.</summary>
internal sealed record PeerRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>
    /// Fails unless the client printed <c>PASS &lt;name&gt;</c> and exited 0;
    /// the message carries everything the peer printed.
    /// </summary>
    public void AssertCasePassed(string name)
    {
        var passLine = "PASS " + name;
        var passed = false;
        foreach (var line in StandardOutput.Split('\n'))
        {
            if (line.TrimEnd('\r') == passLine)
            {
                passed = true;
            }
        }
        if (!passed || ExitCode != 0)
        {
            Assert.Fail($"Case '{name}' did not pass (exit code {ExitCode}).\n{Describe()}");
        }
    }

    /// <summary>The command and its whole output, for failure messages.</summary>
    public string Describe() =>
        $"$ {Command}\n--- stdout ---\n{StandardOutput}--- stderr ---\n{StandardError}";
}
