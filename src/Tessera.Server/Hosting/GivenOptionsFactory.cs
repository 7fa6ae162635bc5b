using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tessera.Server.Hosting;

/// <summary>
/// Serves an options object a host built itself through the options pattern: the
/// library's factory, run over that object instead of a new one, so configure
/// actions and validators still apply and <see cref="IOptions{TOptions}"/> hands out
/// the very object the host prints and keeps. The options library has no
/// registration for a ready instance that keeps validation; this is its extension point.
/// </summary>
internal sealed class GivenOptionsFactory<TOptions> : OptionsFactory<TOptions>
    where TOptions : class
{
    private readonly TOptions _given;

    private GivenOptionsFactory(TOptions given, IServiceProvider services)
        : base(services.GetServices<IConfigureOptions<TOptions>>(), services.GetServices<IPostConfigureOptions<TOptions>>(), services.GetServices<IValidateOptions<TOptions>>())
    {
        _given = given;
    }

    public static GivenOptionsFactory<TOptions> Create(IServiceProvider services, TOptions given) => new(given, services);

    protected override TOptions CreateInstance(string name) => _given;
}
