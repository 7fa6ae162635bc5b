using Microsoft.AspNetCore.Builder;

namespace Tessera.Grpc.Internal;

/// <summary>Applies conventions to several endpoints mapped as one (e.g. both health methods).</summary>
internal sealed class CompositeConventionBuilder(IReadOnlyList<IEndpointConventionBuilder> builders) : IEndpointConventionBuilder
{
    public void Add(Action<EndpointBuilder> convention)
    {
        foreach (var builder in builders)
        {
            builder.Add(convention);
        }
    }
}
