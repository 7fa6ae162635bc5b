using Grpc.HealthCheck;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Tessera.Server.Events;
using Tessera.Server.Options;
using Tessera.Server.Sessions;
using Tessera.Server.Storage;
using Tessera.Server.Time;
using Tessera.Server.Tokens;
using Tessera.Time;

namespace Tessera.Server.Hosting;

/// <summary>
/// Registers the reference server's services and its options
/// (<see cref="TesseraServerOptions"/>, <see cref="TokenValidationOptions"/>) through the
/// options pattern: bound, validated at start, and every service added with
/// <c>TryAdd</c>, so a host that registered its own <see cref="TimeProvider"/> (say)
/// before this call keeps it.
/// </summary>
public static class TesseraServerServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="TokenValidationOptions"/>: "Tessera:Tokens".</summary>
    public const string TokensSection = "Tessera:Tokens";

    /// <summary>The configuration section of <see cref="TesseraServerOptions"/>: "Tessera:Sessions".</summary>
    public const string SessionsSection = TesseraServerOptions.SectionName;

    /// <summary>The largest message either side accepts (TRN-3): 4 MiB, gRPC's customary default.</summary>
    public const int MaxMessageBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Binds the options to <see cref="TokensSection"/> and <see cref="SessionsSection"/> of
    /// <paramref name="configuration"/> and registers the server. Bad values stop the host
    /// when it starts (<see cref="OptionsValidationException"/>, one failure per bad value).
    /// </summary>
    public static IServiceCollection AddTesseraServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TokenValidationOptions>().Bind(configuration.GetSection(TokensSection)).ValidateOnStart();
        services.AddOptions<TesseraServerOptions>().Bind(configuration.GetSection(SessionsSection)).ValidateOnStart();
        return services.AddTesseraServerServices();
    }

    /// <summary>
    /// Registers the server with options a host has already built as objects (the
    /// in-process hosts and the command line, which print them). They are checked now,
    /// by the same validators as at start.
    /// </summary>
    /// <exception cref="TesseraConfigurationException">Lists every bad value of both, keys included.</exception>
    public static IServiceCollection AddTesseraServer(this IServiceCollection services, TokenValidationOptions tokens, TesseraServerOptions sessions)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(sessions);
        var problems = new List<string>();
        problems.AddRange(new TokenValidationOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, tokens).Failures ?? []);
        problems.AddRange(new TesseraServerOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, sessions).Failures ?? []);
        if (problems.Count > 0)
        {
            throw new TesseraConfigurationException(problems);
        }

        services.AddOptions<TokenValidationOptions>().ValidateOnStart();
        services.AddOptions<TesseraServerOptions>().ValidateOnStart();
        services.AddSingleton<IOptionsFactory<TokenValidationOptions>>(sp => GivenOptionsFactory<TokenValidationOptions>.Create(sp, tokens));
        services.AddSingleton<IOptionsFactory<TesseraServerOptions>>(sp => GivenOptionsFactory<TesseraServerOptions>.Create(sp, sessions));
        return services.AddTesseraServerServices();
    }

    private static IServiceCollection AddTesseraServerServices(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenValidationOptions>, TokenValidationOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TesseraServerOptions>, TesseraServerOptionsValidator>());

        services.AddGrpc(o =>
        {
            // TRN-3: 4 MiB each way. grpc-dotnet limits only what it receives by default.
            o.MaxReceiveMessageSize = MaxMessageBytes;
            o.MaxSendMessageSize = MaxMessageBytes;
            // A shared store that cannot be reached answers UNAVAILABLE, never INTERNAL.
            o.Interceptors.Add<StoreUnavailableInterceptor>();
        });
        // TRN-9: every service is bound by the binder that answers INTERNAL to a
        // request that does not parse, instead of grpc-dotnet's default one.
        services.RemoveAll(typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>));
        services.AddSingleton(typeof(Grpc.AspNetCore.Server.Model.IServiceMethodProvider<>), typeof(ParseErrorAsInternalMethodProvider<>));
        // The services are stateless over singletons: one instance, not one per call.
        services.TryAddSingleton<SessionGrpcService>();
        services.TryAddSingleton<HealthServiceImpl>();

        // CLK-2: with the test clock, one manual clock for every rule, moved only by
        // AdvanceTime; MapTesseraServer maps its service only then (CLK-1).
        services.TryAddSingleton<ManualTimeProvider>(_ => new ManualTimeProvider(TimeProvider.System.GetUtcNow()));
        services.TryAddSingleton<TimeProvider>(sp => Sessions(sp).TestClockEnabled ? sp.GetRequiredService<ManualTimeProvider>() : TimeProvider.System);
        services.TryAddSingleton(sp => new TestClock(sp.GetRequiredService<ManualTimeProvider>()));
        services.TryAddSingleton<TestClockGrpcService>();

        // The service reads the clock through the seam; forwarded (not an instance) so that
        // whoever replaces the TestClock registration (tests, mutants) replaces what it serves.
        services.TryAddSingleton<ITestClock>(sp => sp.GetRequiredService<TestClock>());

        services.TryAddSingleton(sp => SigningKeyRing.FromOptions(Tokens(sp)));
        services.TryAddSingleton<ITokenValidator>(sp => new TokenValidator(Tokens(sp), sp.GetRequiredService<SigningKeyRing>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => SessionPolicy.From(Sessions(sp), Tokens(sp).ClockSkewLeeway));
        services.TryAddSingleton(sp => new SessionEventHub(Sessions(sp).WatcherBufferCapacity));
        services.TryAddSingleton<ISessionStore>(sp => new InMemorySessionStore(sp.GetRequiredService<SessionPolicy>(), sp.GetRequiredService<SessionEventHub>()));
        services.TryAddSingleton<SessionMetrics>();
        services.TryAddSingleton<TokenValidationMetrics>();
        services.TryAddSingleton<SessionTransitionLogger>();
        services.TryAddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<SessionTransitionLogger>();
            return new SessionRegistry(
                Sessions(sp),
                sp.GetRequiredService<SessionPolicy>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ISessionStore>(),
                sp.GetRequiredService<SessionEventHub>(),
                logger,
                (firing, exception) => logger.TimerFailed(firing.Kind.ToString(), firing.SessionId, exception));
        });
        services.TryAddSingleton(sp => new ServerInfo(Sessions(sp), Tokens(sp), sp.GetRequiredService<SigningKeyRing>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionRegistryShutdown>());
        return services;
    }

    private static TesseraServerOptions Sessions(IServiceProvider services) => services.GetRequiredService<IOptions<TesseraServerOptions>>().Value;

    private static TokenValidationOptions Tokens(IServiceProvider services) => services.GetRequiredService<IOptions<TokenValidationOptions>>().Value;
}
