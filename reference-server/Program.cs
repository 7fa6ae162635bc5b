using Tessera.ReferenceServer;

return await ReferenceServerCommand.RunAsync(args);
