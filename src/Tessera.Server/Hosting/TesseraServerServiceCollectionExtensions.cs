using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Grpc.HealthCheck;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Time;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Server.Hosting;

/// <summary>
/// Wires the reference server's components. Every rule-bearing piece is a
/// separate singleton (<see cref="ITokenValidator"/>, <see cref="ISessionStore"/>,
/// <see cref="TimeProvider"/>), so a test can replace or decorate one of them
/// after this call, and a multi-node store can replace the in-memory one.
/// </summary>
public static class TesseraServerServiceCollectionExtensions
{
    public const string TokensSection = "Tessera:Tokens";
    public const string SessionsSection = TesseraServerOptions.SectionName;

    /// <summary>The largest message either side accepts (TRN-3): 4 MiB, gRPC's customary default.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Reads and validates the options (throws <see cref="TesseraConfigurationException"/>
    /// listing every bad value) and registers the server.
    /// </summary>
    public static IServiceCollection AddTesseraServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var tokens = configuration.GetSection(TokensSection).Get<TokenValidationOptions>() ?? new TokenValidationOptions();
        var sessions = configuration.GetSection(SessionsSection).Get<TesseraServerOptions>() ?? new TesseraServerOptions();
        return services.AddTesseraServer(tokens, sessions);
    }

    public static IServiceCollection AddTesseraServer(this IServiceCollection services, TokenValidationOptions tokens, TesseraServerOptions sessions)
    {
        var problems = new List<string>();
        problems.AddRange(tokens.Validate().Select(p => $"Tessera:Tokens: {p}"));
        problems.AddRange(sessions.Validate());
        SigningKeyRing? keys = null;
        if (problems.Count == 0)
        {
            try
            {
                keys = SigningKeyRing.FromOptions(tokens);
            }
            catch (TokenConfigurationException e)
            {
                problems.AddRange(e.Problems.Count > 0 ? e.Problems.Select(p => $"Tessera:Tokens: {p}") : [$"Tessera:Tokens: {e.Message}"]);
            }
        }

        if (problems.Count > 0)
        {
            throw new TesseraConfigurationException(problems);
        }

        services.AddGrpc(o =>
        {
            // TRN-3: 4 MiB each way. grpc-dotnet limits only what it receives by default.
            o.MaxReceiveMessageSize = MaxMessageBytes;
            o.MaxSendMessageSize = MaxMessageBytes;
            // issue 11: a shared store that cannot be reached answers UNAVAILABLE, never INTERNAL.
            o.Interceptors.Add<StoreUnavailableInterceptor>();
        });
        // TRN-9: every service is bound by the binder that answers INTERNAL to a
        // request that does not parse, instead of grpc-dotnet's default one.
        services.RemoveAll(typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>));
        services.AddSingleton(typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>), typeof(ParseErrorAsInternalMethodProvider<>));
        // The services are stateless over singletons: one instance, not one per call.
        services.AddSingleton<SessionGrpcService>();
        services.AddSingleton<HealthServiceImpl>();
        services.AddSingleton(tokens);
        services.AddSingleton(sessions);
        services.AddSingleton(keys!);

        if (sessions.TestClockEnabled)
        {
            // CLK-2: one clock for every rule, moved only by AdvanceTime.
            var manual = new ManualTimeProvider(TimeProvider.System.GetUtcNow());
            services.AddSingleton(manual);
            services.AddSingleton<TimeProvider>(manual);
            services.AddSingleton(new TestClock(manual));
            services.AddSingleton<TestClockGrpcService>();
        }
        else
        {
            services.AddSingleton(TimeProvider.System);
        }

        // The service reads the clock through the seam; forwarded (not an instance) so that
        // whoever replaces the TestClock registration (tests, mutants) replaces what it serves.
        services.AddSingleton<ITestClock>(sp => sp.GetRequiredService<TestClock>());

        services.AddSingleton<ITokenValidator>(sp => new TokenValidator(tokens, keys!, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(SessionPolicy.From(sessions, tokens.ClockSkewLeeway));
        services.AddSingleton(sp => new SessionEventHub(sessions.WatcherBufferCapacity));
        services.AddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), sp.GetRequiredService<SessionEventHub>()));
        services.AddSingleton<SessionMetrics>();
        services.AddSingleton<TokenValidationMetrics>();
        services.AddSingleton<SessionTransitionLogger>();
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<SessionTransitionLogger>();
            return new SessionRegistry(
                sessions,
                sp.GetRequiredService<SessionPolicy>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ISessionStore>(),
                sp.GetRequiredService<SessionEventHub>(),
                logger,
                (firing, exception) => logger.TimerFailed(firing.Kind.ToString(), firing.SessionId, exception));
        });
        services.AddSingleton<ServerInfo>();
        services.AddHostedService<SessionRegistryShutdown>();
        return services;
    }
}
