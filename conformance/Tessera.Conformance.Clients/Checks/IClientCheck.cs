using Tessera.Conformance.Clients.Running;

namespace Tessera.Conformance.Clients.Checks;

/// <summary>One client requirement's check: it starts the server it needs, runs its scenarios, and gives the verdict.</summary>
internal interface IClientCheck
{
    ClientRequirement Requirement { get; }

    Task<ClientRequirementVerdict> RunAsync(RunContext run);
}
