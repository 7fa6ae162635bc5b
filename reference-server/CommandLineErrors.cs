using System.CommandLine;

namespace Tessera.ReferenceServer;

/// <summary>
/// Turns a command line that did not parse into one line of text, with a
/// "did you mean" for a mistyped option or command. Shared by the three
/// command lines (this server, the conformance CLI and the bench tool, which
/// both reference this project), so all three report mistakes alike:
/// System.CommandLine's own error output spans several lines and prints the
/// whole help, which buries the one thing that was wrong.
/// </summary>
public static class CommandLineErrors
{
    /// <summary>The first thing wrong with <paramref name="parsed"/>, as one line.</summary>
    public static string Describe(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        // An unknown word is the commonest mistake and the one a suggestion helps with,
        // so it wins over errors it caused (a value left without its option, say).
        if (parsed.UnmatchedTokens.Count > 0 && parsed.CommandResult.Command.TreatUnmatchedTokensAsErrors)
        {
            return Unknown(parsed.CommandResult.Command, parsed.UnmatchedTokens[0]);
        }

        return parsed.Errors.Count > 0 ? OneLine(parsed.Errors[0].Message) : "the command line did not parse";
    }

    /// <summary>"unknown option '--tagret'; did you mean --target?"</summary>
    public static string Unknown(Command command, string token)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(token);
        var isOption = token.StartsWith('-');
        var text = $"unknown {(isOption ? "option" : "command or argument")} '{token}'";
        return Suggest(command, token, isOption) is { } suggestion ? $"{text}; did you mean {suggestion}?" : text;
    }

    /// <summary>The closest option (or sub-command) name, if one is close enough to be a typo.</summary>
    private static string? Suggest(Command command, string token, bool isOption)
    {
        var word = token.Split('=', 2)[0];
        var candidates = isOption
            ? VisibleOptions(command).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Two edits (a transposition counts as one) for a long word, fewer for a short
        // one: "-x" is not a typo of "-h", "--tagret" is one of "--target".
        return best is not null && bestDistance <= Math.Min(2, (word.TrimStart('-').Length - 1) / 2) ? best : null;
    }

    /// <summary>The command's options plus the recursive ones of the commands above it.</summary>
    private static IEnumerable<Option> VisibleOptions(Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden));
        }

        return options;
    }

    /// <summary>Edit distance where swapping two neighbouring letters is one edit (optimal string alignment).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>Some library messages list choices on separate lines; a usage error stays one line.</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
