namespace Tessera.Server.Storage;

/// <summary>The scope of the single-session rule: (issuer, client_instance_id) (ONE-1).</summary>
internal readonly record struct InstanceKey(string Issuer, string ClientInstanceId);
