using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tessera.Conformance.Cli;

/// <summary>
/// run --config FILE: a YAML (or JSON, which YAML reads too) file of options.
/// Every key is a run option's name without its dashes (server-command,
/// hs256-secret-base64, run, known-flaky, junit, ...), optionally grouped under
/// a section (keys, profile, cases, reports, launcher) that only orders the
/// file. The file becomes command-line words, so its values are checked by the
/// same parser and mean the same as the flags; a flag given on the command line
/// wins over the file's key. Relative paths are relative to the file.
/// </summary>
internal static class ConfigFile
{
    /// <summary>Sections that only group keys.</summary>
    public static readonly IReadOnlySet<string> Sections = new HashSet<string>(StringComparer.Ordinal) { "keys", "profile", "cases", "reports", "launcher" };

    /// <summary>Options whose value is a file path, resolved against the file's folder.</summary>
    private static readonly HashSet<string> PathOptions = new(StringComparer.Ordinal) { "signing-key", "known-failing", "known-flaky", "junit", "json", "html" };

    /// <summary>One key of the file: the option it sets and its words (none for a flag that is on).</summary>
    public sealed record Entry(string Option, IReadOnlyList<string> Words, int Line);

    /// <summary>Reads the file's keys, in order; a <see cref="UsageException"/> names the file, line and key of any mistake.</summary>
    /// <param name="path">The file.</param>
    /// <param name="isFlag">Whether an option (by name, with dashes) is an on/off flag; null when there is no such option.</param>
    public static List<Entry> Load(string path, Func<string, bool?> isFlag)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--config: cannot read \"{path}\": {e.Message}");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{path}:{e.Start.Line}: not YAML or JSON: {e.Message}");
        }

        var entries = new List<Entry>();
        if (stream.Documents.Count == 0)
        {
            return entries;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new UsageException($"{path}: the file must be a mapping of option names to values");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Read(root, section: null);
        return entries;

        void Read(YamlMappingNode mapping, string? section)
        {
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                var line = (int)keyNode.Start.Line;
                if (value is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" })
                {
                    // "key:" with nothing after it (or a section whose keys are all commented out): not
                    // set; a key still has to be one (ToEntry throws on an unknown one).
                    if (!Sections.Contains(key))
                    {
                        _ = ToEntry(key, value, line);
                    }

                    continue;
                }

                if (value is YamlMappingNode group)
                {
                    if (section is not null || !Sections.Contains(key))
                    {
                        throw new UsageException($"{path}:{line}: \"{key}\" holds a mapping, but only the sections {string.Join(", ", Sections)} may, at the top level");
                    }

                    Read(group, key);
                    continue;
                }

                entries.Add(ToEntry(key, value, line));
            }
        }

        Entry ToEntry(string key, YamlNode value, int line)
        {
            var option = "--" + key;
            if (key is "config" or "client" or "replay" || isFlag(option) is not { } flag)
            {
                throw new UsageException($"{path}:{line}: unknown key \"{key}\"; the keys are run options without their dashes (see tessera-conformance --help and conformance/docs/launcher.md)");
            }

            List<string> values = value switch
            {
                YamlScalarNode scalar => [scalar.Value ?? ""],
                YamlSequenceNode list when list.Children.All(c => c is YamlScalarNode) => [.. list.Children.Select(c => ((YamlScalarNode)c).Value ?? "")],
                _ => throw new UsageException($"{path}:{line}: \"{key}\" must be a value or a list of values"),
            };
            if (flag)
            {
                return values is ["true"] ? new Entry(option, [], line)
                    : values is ["false"] ? new Entry(option, ["false"], line)
                    : throw new UsageException($"{path}:{line}: \"{key}\" must be true or false, got \"{string.Join(",", values)}\"");
            }

            // known-failing / known-flaky: a list holds the patterns themselves, a string names a file of them.
            if (value is YamlSequenceNode && key is "known-failing" or "known-flaky")
            {
                return new Entry(option + "-patterns", [string.Join(",", values)], line);
            }

            if (values.Count != 1 && key is not ("run" or "skip"))
            {
                throw new UsageException($"{path}:{line}: \"{key}\" takes one value, not a list");
            }

            var words = PathOptions.Contains(key) ? values.Select(v => Path.Combine(folder, v)).ToList() : values;
            return new Entry(option, [string.Join(",", words)], line);
        }
    }
}
