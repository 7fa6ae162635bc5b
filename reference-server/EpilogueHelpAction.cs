using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Tessera.ReferenceServer;

/// <summary>
/// System.CommandLine's help, followed by a paragraph of its own (exit codes,
/// where configuration comes from): things a list of options cannot say.
/// Shared by the three command lines, like <see cref="CommandLineErrors"/>.
/// </summary>
public sealed class EpilogueHelpAction : SynchronousCommandLineAction
{
    private readonly SynchronousCommandLineAction _help;
    private readonly string _epilogue;

    private EpilogueHelpAction(SynchronousCommandLineAction help, string epilogue)
    {
        _help = help;
        _epilogue = epilogue;
    }

    /// <summary>Makes the help option of <paramref name="root"/> (and so of its sub-commands) print <paramref name="epilogue"/> after the help.</summary>
    public static void Attach(RootCommand root, string epilogue)
    {
        ArgumentNullException.ThrowIfNull(root);
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new EpilogueHelpAction((SynchronousCommandLineAction)option.Action!, epilogue);
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exit = _help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(_epilogue);
        return exit;
    }
}
