using System.Globalization;
using Tessera.Protocol.V1;

namespace Tessera.Conformance.Cli;

/// <summary>
/// Parses the command line: <c>[run|list|help] [--option value]...</c>.
/// Every mistake is a <see cref="UsageException"/> that names the option.
/// </summary>
internal static class CliParser
{
    public static CliArguments Parse(IReadOnlyList<string> args)
    {
        var result = new CliArguments();
        var i = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            result = result with
            {
                Command = args[0] switch
                {
                    "run" => CliCommand.Run,
                    "list" => CliCommand.List,
                    "help" => CliCommand.Help,
                    _ => throw new UsageException($"unknown command \"{args[0]}\"; expected run, list or help"),
                },
            };
            i = 1;
        }

        var overrides = result.Overrides;
        for (; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"{arg} needs a value");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "-h" or "--help":
                    result = result with { Command = CliCommand.Help };
                    break;
                case "--target":
                    var text = Value();
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    {
                        throw new UsageException($"--target must be http://host:port or https://host:port, got \"{text}\"");
                    }

                    result = result with { Target = uri };
                    break;
                case "--insecure":
                    result = result with { Insecure = true };
                    break;
                case "--issuer":
                    result = result with { Issuer = Value() };
                    break;
                case "--audience":
                    result = result with { Audience = Value() };
                    break;
                case "--hs256-secret":
                    result = result with { Hs256Secret = Value() };
                    break;
                case "--signing-key":
                    result = result with { SigningKeyPath = Value() };
                    break;
                case "--alg":
                    var alg = Value();
                    if (alg is not ("ES256" or "RS256" or "PS256" or "EdDSA"))
                    {
                        throw new UsageException($"--alg must be ES256, RS256, PS256 or EdDSA, got \"{alg}\"");
                    }

                    result = result with { Algorithm = alg };
                    break;
                case "--kid":
                    result = result with { KeyId = Value() };
                    break;
                case "--run":
                    result.Run.AddRange(Split(Value()));
                    break;
                case "--skip":
                    result.Skip.AddRange(Split(Value()));
                    break;
                case "--known-failing":
                    result = result with { KnownFailingPath = Value() };
                    break;
                case "--max-tests":
                    result = result with { MaxTests = Positive(arg, Value()) };
                    break;
                case "--parallel":
                    result = result with { Parallel = Positive(arg, Value()) };
                    break;
                case "--client":
                    result = result with { ClientCommand = Value() };
                    break;
                case "--seed":
                    var seed = Value();
                    result = result with { Seed = ulong.TryParse(seed, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : throw new UsageException($"--seed must be a non-negative integer, got \"{seed}\"") };
                    break;
                case "--replay":
                    result = result with { Replay = Value() };
                    break;
                case "--trace":
                    result = result with { Trace = true };
                    break;
                case "--clock":
                    var clock = Value();
                    result = result with
                    {
                        Clock = clock switch
                        {
                            "auto" => ClockMode.Auto,
                            "test" => ClockMode.Test,
                            "real" => ClockMode.Real,
                            _ => throw new UsageException($"--clock must be auto, test or real, got \"{clock}\""),
                        },
                    };
                    break;
                case "--tolerance":
                    result = result with { Tolerance = Duration(arg, Value()) };
                    break;
                case "--call-timeout":
                    result = result with { CallTimeout = Duration(arg, Value()) };
                    break;
                case "--junit":
                    result = result with { JUnitPath = Value() };
                    break;
                case "--json":
                    result = result with { JsonPath = Value() };
                    break;
                case "--html":
                    result = result with { HtmlPath = Value() };
                    break;
                case "--no-color":
                    result = result with { Color = false };
                    break;
                case "--policy":
                    var policy = Value();
                    overrides = overrides with
                    {
                        Policy = policy switch
                        {
                            "replace" => SingleSessionPolicy.Replace,
                            "reject" => SingleSessionPolicy.Reject,
                            _ => throw new UsageException($"--policy must be replace or reject, got \"{policy}\""),
                        },
                    };
                    break;
                case "--leeway":
                    overrides = overrides with { Leeway = Duration(arg, Value()) };
                    break;
                case "--expiry-grace":
                    overrides = overrides with { ExpiryGrace = Duration(arg, Value()) };
                    break;
                case "--expiring-notice":
                    overrides = overrides with { ExpiringNotice = Duration(arg, Value()) };
                    break;
                case "--disconnect-grace":
                    overrides = overrides with { DisconnectGrace = Duration(arg, Value()) };
                    break;
                case "--max-token-lifetime":
                    overrides = overrides with { MaxTokenLifetime = Duration(arg, Value()) };
                    break;
                case "--terminated-retention":
                    overrides = overrides with { TerminatedRetention = Duration(arg, Value()) };
                    break;
                case "--guest":
                    var guest = Value();
                    overrides = overrides with
                    {
                        GuestSessionsEnabled = guest switch
                        {
                            "on" => true,
                            "off" => false,
                            _ => throw new UsageException($"--guest must be on or off, got \"{guest}\""),
                        },
                    };
                    break;
                default:
                    throw new UsageException($"unknown option \"{arg}\"");
            }
        }

        result = result with { Overrides = overrides };
        if (result.Hs256Secret is not null && result.SigningKeyPath is not null)
        {
            throw new UsageException("--hs256-secret and --signing-key exclude each other");
        }

        if (result.Target is not null && result.Hs256Secret is null && result.SigningKeyPath is null && result.Command == CliCommand.Run)
        {
            throw new UsageException("--target needs a key the target trusts: --hs256-secret <secret> or --signing-key <pem> --alg ES256|RS256|PS256|EdDSA");
        }

        if (result.Target is null && (result.Hs256Secret is not null || result.SigningKeyPath is not null))
        {
            throw new UsageException("a signing key only makes sense with --target (the embedded server makes its own)");
        }

        return result;
    }

    /// <summary>"1.5s", "250ms", "2m", "1h", or a plain number of seconds.</summary>
    public static TimeSpan Duration(string option, string text)
    {
        static bool Number(string s, out double value) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0;
        double v;
        var ok = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) && Number(text[..^2], out v) => (v /= 1000) >= 0,
            _ when text.EndsWith('s') && Number(text[..^1], out v) => true,
            _ when text.EndsWith('m') && Number(text[..^1], out v) => (v *= 60) >= 0,
            _ when text.EndsWith('h') && Number(text[..^1], out v) => (v *= 3600) >= 0,
            _ => Number(text, out v),
        };
        return ok ? TimeSpan.FromSeconds(v) : throw new UsageException($"{option} must be a duration like 1s, 250ms, 2m or 1h, got \"{text}\"");
    }

    private static int Positive(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new UsageException($"{option} must be a positive integer, got \"{text}\"");

    private static IEnumerable<string> Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
