namespace Tessera.Conformance.Cli;

/// <summary>The --help text.</summary>
internal static class HelpText
{
    public const string Text = """
        tessera-conformance: checks a server that claims to speak tessera.v1, over the wire.

        Usage:
          tessera-conformance [run] [options]     run the suite (default command)
          tessera-conformance list [--run P]      list the cases and the SPEC.md ids each checks
          tessera-conformance help

        Without --target the reference server is started in this process on a free
        port (the embedded target) and judged.

        Clients (CLI-1..CLI-8): tessera-conformance run --client "COMMAND" runs COMMAND as a
        harness child process (conformance/docs/client-harness.md) against an instrumented
        server on a test clock; --run CLI-1,CLI-6 picks requirements, --max-tests and --seed apply.

        Target:
          --target URL              http://host:port (h2c) or https://host:port (TLS)
          --insecure                accept any TLS certificate
          --hs256-secret TEXT       HMAC secret the target trusts (HS256 tokens)
          --signing-key FILE        PEM private key the target trusts, with --alg
          --alg ALG                 ES256 (default), RS256, PS256 or EdDSA
          --kid ID                  kid header of minted tokens
          --issuer ISS              iss of minted tokens (default: the target's first issuer)
          --audience AUD            aud of minted tokens (default: the target's audience)
          --call-timeout D          longest wait for one call (default 10s)

        Profile (GetServerInfo is read; these override what it says):
          --policy replace|reject   --leeway D   --expiry-grace D   --expiring-notice D
          --disconnect-grace D      --max-token-lifetime D   --terminated-retention D
          --guest on|off

        Selection and effort:
          --run P[,P]               run cases whose name or requirement id matches a glob (expiry/*, EXP-*)
          --skip P[,P]              skip matching cases
          --known-failing FILE      cases (globs, one a line, # comments) that must fail; if one passes the run fails
          --max-tests N             generated sequences per property (default 60, real clock 10)
          --parallel N              sequences at once with the real clock (default 16)
          --clock auto|test|real    test clock when the target has one (auto, default), or force one
          --tolerance D             allowed timer lateness with the real clock (default 1s)
          --seed N                  run seed (printed by every run)
          --replay CASE:SEED:SIZE   replay one failing sequence a report printed, and shrink it
          --trace                   show the wire exchange of failing steps

        Reports:
          --junit FILE   --json FILE   --html FILE   --no-color

        Durations: 1.5s, 250ms, 2m, 1h.
        Exit codes: 0 every MUST held; 1 a MUST broke (or a known failure passed);
                    2 bad usage or the target cannot be judged (unreachable, not Tessera).
        """;
}
